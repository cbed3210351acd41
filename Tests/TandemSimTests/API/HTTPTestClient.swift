import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TandemKubeModel
import TandemSim

/// Minimal HTTP client for the API tests (plain HTTP only; TLS is exercised with kubectl).
struct HTTPTestClient {
    let baseURL: URL
    var token: String?

    struct Reply {
        let status: Int
        let headers: [String: String]
        let body: Data
        var json: JSON { (try? JSON.parse(body)) ?? .null }
        /// Watch streams: one JSON event per line.
        var lines: [JSON] {
            String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { try? JSON.parse(String($0)) }
        }
    }

    func send(_ method: String, _ path: String, _ body: JSON? = nil, contentType: String = "application/json",
              accept: String? = nil) async throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL.absoluteString + path)!)
        request.httpMethod = method
        request.timeoutInterval = 30
        if let body {
            request.httpBody = body.serialized()
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        if let accept { request.setValue(accept, forHTTPHeaderField: "Accept") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)".lowercased()] = "\(value)" }
        return Reply(status: http.statusCode, headers: headers, body: data)
    }
}

func rolloutManifest(_ name: String, image: String = "app:1", replicas: Int = 2) -> JSON {
    [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
        "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
        "spec": [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": ["metadata": ["labels": ["app": .string(name)]],
                         "spec": ["containers": [["name": "app", "image": .string(image)]]]],
            "strategy": ["blueGreen": ["activeService": .string("\(name)-active"), "autoPromotionEnabled": false]],
        ],
    ]
}

extension HTTPTestClient {
    /// Runs `body` against a fresh simulated cluster with default options, stopping it afterwards
    /// whether the body throws or not.
    static func withCluster(_ body: (HTTPTestClient) async throws -> Void) async throws {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions())
        do { try await body(HTTPTestClient(baseURL: cluster.baseURL)) } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }
}
