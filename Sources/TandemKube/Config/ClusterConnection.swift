import Foundation

/// Everything needed to reach one API server: where, how to trust it, who we are, and the
/// default namespace. Built from a kubeconfig, from in-cluster files, or by the simulator.
public struct ClusterConnection: Sendable {
    /// Base URL, e.g. `https://127.0.0.1:6443` (no trailing slash).
    public var server: String
    public var namespace: String
    public var tls: TLSSettings
    public var auth: AuthSettings
    /// What this came from, for messages: `context "kind-x" in ~/.kube/config`, `in-cluster`.
    public var source: String

    public init(server: String, namespace: String = "default", tls: TLSSettings = TLSSettings(),
                auth: AuthSettings = .none, source: String = "") {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.namespace = namespace
        self.tls = tls
        self.auth = auth
        self.source = source
    }
}

public struct TLSSettings: Sendable, Equatable {
    /// PEM bundle of trusted CAs; nil = the system trust store.
    public var certificateAuthorityPEM: [UInt8]?
    public var insecureSkipVerify: Bool
    /// Name to verify the server certificate against (and send as SNI) instead of the URL host.
    public var serverName: String?
    public var clientCertificatePEM: [UInt8]?
    public var clientKeyPEM: [UInt8]?

    public init(certificateAuthorityPEM: [UInt8]? = nil, insecureSkipVerify: Bool = false, serverName: String? = nil,
                clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
    }
}

public enum AuthSettings: Sendable {
    case none
    case token(String)
    /// Re-read whenever the file changes (projected service-account tokens rotate).
    case tokenFile(String)
    case basic(username: String, password: String)
    case exec(ExecConfig)
}

/// A `users[].user.exec` credential plugin.
public struct ExecConfig: Sendable, Equatable {
    public var apiVersion: String
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var installHint: String?
    public var provideClusterInfo: Bool
    public var interactiveMode: String?
    /// Directory of the kubeconfig, for a relative command path.
    public var baseDirectory: String?
    /// `spec.cluster` handed to the plugin when `provideClusterInfo` is set.
    public var clusterInfo: [String: String]

    public init(apiVersion: String = "client.authentication.k8s.io/v1", command: String, args: [String] = [],
                env: [String: String] = [:], installHint: String? = nil, provideClusterInfo: Bool = false,
                interactiveMode: String? = nil, baseDirectory: String? = nil, clusterInfo: [String: String] = [:]) {
        self.apiVersion = apiVersion
        self.command = command
        self.args = args
        self.env = env
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.interactiveMode = interactiveMode
        self.baseDirectory = baseDirectory
        self.clusterInfo = clusterInfo
    }
}
