/// Where a consumer's key will point: a Service, and the release of the dependency revision
/// behind it (recorded on the consumer's ConfigMap).
public struct PairingTarget: Sendable, Hashable {
    public var service: String
    public var namespace: String
    public var port: Int?
    public var release: String
    /// The pod-template hash of the dependency revision behind the Service, when known.
    public var revision: String?

    public init(service: String, namespace: String, port: Int?, release: String, revision: String? = nil) {
        self.service = service
        self.namespace = namespace
        self.port = port
        self.release = release
        self.revision = revision
    }
}
