import Foundation
import TandemKubeModel

/// The answer of a GET through the API server's Service or pod proxy.
public struct ProxyResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var text: String { String(decoding: body, as: UTF8.self) }
    public var json: JSON? { try? JSON.parse(Data(body)) }
}

extension KubeClient {
    /// GET `/api/v1/namespaces/{ns}/services/{name}:{port}/proxy/{path}`. Any HTTP status of the
    /// backend is returned, not thrown; only transport, auth and RBAC failures throw.
    public func proxyGet(service: String, port: String? = nil, path: String, namespace: String? = nil) async throws(KubeError) -> ProxyResponse {
        try await proxy(.services, name: service, port: port, path: path, namespace: namespace)
    }

    /// GET `/api/v1/namespaces/{ns}/pods/{name}:{port}/proxy/{path}`.
    public func proxyGet(pod: String, port: String? = nil, path: String, namespace: String? = nil) async throws(KubeError) -> ProxyResponse {
        try await proxy(.pods, name: pod, port: port, path: path, namespace: namespace)
    }

    private func proxy(_ type: ResourceType, name: String, port: String?, path: String,
                       namespace: String?) async throws(KubeError) -> ProxyResponse {
        let target = port.map { "\(name):\($0)" } ?? name
        var info = self.info("GET", "get", type, namespace: namespace, name: name, subresource: "proxy")
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        info.path = type.objectPath(namespace: info.namespace, name: target) + "/proxy/" + trimmed
        do {
            let bytes = try await perform(KubeRequest(info: info))
            return ProxyResponse(status: 200, body: bytes)
        } catch {
            // The backend's own error answers come back as a Status or raw body with its code.
            switch error {
            case .api(let status, _) where !(status.code == 404 && status.reason == "NotFound" && status.details["name"].stringValue == name):
                let body = status.message.utf8
                return ProxyResponse(status: status.code, body: Array(body))
            default:
                throw error
            }
        }
    }
}
