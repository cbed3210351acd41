import Foundation

/// The service-account configuration every pod gets: token, CA and namespace files plus
/// `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`. The directory is injectable for tests.
public struct InClusterConfig: Sendable {
    public static let defaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"
    public var directory: String
    public var environment: [String: String]

    public init(directory: String = InClusterConfig.defaultDirectory,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.directory = directory
        self.environment = environment
    }

    public func connection(namespaceOverride: String? = nil) throws(KubeConfigError) -> ClusterConnection {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
            throw KubeConfigError(file: "in-cluster", field: "KUBERNETES_SERVICE_HOST", "not set; not running in a pod")
        }
        guard let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty else {
            throw KubeConfigError(file: "in-cluster", field: "KUBERNETES_SERVICE_PORT", "not set")
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeConfigError(file: tokenPath, "cannot read the service account token")
        }
        let caPath = directory + "/ca.crt"
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw KubeConfigError(file: caPath, "cannot read the service account CA bundle")
        }
        let fileNamespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let namespace = namespaceOverride ?? (fileNamespace?.isEmpty == false ? fileNamespace! : "default")
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClusterConnection(server: "https://\(hostPart):\(port)", namespace: namespace,
                                 tls: TLSSettings(certificateAuthorityPEM: Array(ca)),
                                 auth: .tokenFile(tokenPath), source: "in-cluster service account")
    }
}
