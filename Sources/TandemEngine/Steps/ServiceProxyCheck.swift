import TandemKube
import TandemKubeModel

/// One GET through the API server's Service proxy, keeping the backend's exact HTTP status.
///
/// `KubeClient.proxyGet` reports every 2xx answer as 200, so a plan's `verify: expectStatus: 204`
/// (or 201, 202) could never pass and `expectStatus: 200` would pass on a 201. The verify step
/// needs the real code: 2xx answers come from the transport response, other answers from the error
/// the client builds from them (after its retries of 5xx). A 404 for the Service itself (it does not
/// exist) and transport, credential and RBAC failures still throw.
enum ServiceProxyCheck {
    struct Answer: Sendable, Equatable {
        var status: Int
        var text: String
    }

    static func get(service: String, path: String, namespace: String, client: KubeClient) async throws -> Answer {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let info = RequestInfo(method: "GET", path: ResourceType.services.objectPath(namespace: namespace, name: service) + "/proxy/" + trimmed,
                               verb: "get", resource: .services, subresource: "proxy", namespace: namespace, name: service)
        do {
            let response = try await client.send(KubeRequest(info: info))
            let body = try await response.body.collect(limit: 1 << 20)
            return Answer(status: response.status, text: String(decoding: body, as: UTF8.self))
        } catch let error as KubeError {
            guard case .api(let status, _) = error,
                  !(status.code == 404 && status.reason == "NotFound" && status.details["name"].stringValue == service) else {
                throw error
            }
            return Answer(status: status.code, text: status.message)
        }
    }
}
