import Foundation
import TandemKubeModel

/// Finds the cluster to talk to, as kubectl does: `--kubeconfig`, else the `KUBECONFIG`
/// list (merged), else `~/.kube/config`, else the in-cluster service account.
public struct ConfigResolver: Sendable {
    public var kubeconfig: String?
    public var context: String?
    public var namespace: String?
    public var environment: [String: String]
    public var inClusterDirectory: String

    public init(kubeconfig: String? = nil, context: String? = nil, namespace: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                inClusterDirectory: String = InClusterConfig.defaultDirectory) {
        self.kubeconfig = kubeconfig
        self.context = context
        self.namespace = namespace
        self.environment = environment
        self.inClusterDirectory = inClusterDirectory
    }

    /// The kubeconfig files that apply, in precedence order (missing `KUBECONFIG` entries are skipped as kubectl does).
    public func kubeconfigFiles() -> [String] {
        if let kubeconfig { return [kubeconfig] }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var seen = Set<String>()
            return list.split(separator: ":").map(String.init).filter { !$0.isEmpty && seen.insert($0).inserted }
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let file = home + "/.kube/config"
        return FileManager.default.fileExists(atPath: file) ? [file] : []
    }

    /// The name of the context `resolve()` uses: `context`, else the merged kubeconfig's current-context; nil in a
    /// pod (no kubeconfig) or when the files cannot be read.
    public func contextName() -> String? {
        if let context { return context }
        var merged = KubeConfig()
        for file in kubeconfigFiles() {
            guard let loaded = try? KubeConfig.load(file: file) else { return nil }
            merged = merged.merging(loaded)
        }
        return merged.currentContext
    }

    public func resolve() throws(KubeConfigError) -> ClusterConnection {
        let files = kubeconfigFiles()
        if files.isEmpty {
            if environment["KUBERNETES_SERVICE_HOST"] != nil {
                return try InClusterConfig(directory: inClusterDirectory, environment: environment)
                    .connection(namespaceOverride: namespace)
            }
            throw KubeConfigError(file: "kubeconfig",
                                  "no configuration found: pass --kubeconfig, set KUBECONFIG, create ~/.kube/config, run in a pod, or use --sim")
        }
        var merged = KubeConfig()
        for file in files { merged = merged.merging(try KubeConfig.load(file: file)) }
        return try KubeConfigInterpreter(config: merged).connection(context: context, namespace: namespace)
    }
}

/// Turns a merged kubeconfig and a chosen context into a `ClusterConnection`, reading the
/// referenced certificate files and checking every field it uses.
struct KubeConfigInterpreter {
    let config: KubeConfig

    func connection(context requested: String?, namespace override: String?) throws(KubeConfigError) -> ClusterConnection {
        let firstFile = config.files.first ?? "kubeconfig"
        let contextName: String
        if let requested {
            contextName = requested
        } else if let current = config.currentContext {
            contextName = current
        } else {
            throw KubeConfigError(file: firstFile, field: "current-context",
                                  "not set; pass --context (contexts: \(config.contexts.keys.sorted().joined(separator: ", ")))")
        }
        guard let context = config.contexts[contextName] else {
            let field = requested != nil ? "--context" : "current-context"
            let file = requested != nil ? config.files.joined(separator: ":") : (config.currentContextFile ?? firstFile)
            throw KubeConfigError(file: file, field: field, "context \"\(contextName)\" not found")
        }
        guard let clusterName = context.value["cluster"].stringValue, !clusterName.isEmpty else {
            throw KubeConfigError(file: context.file, field: "\(context.fieldPath).cluster", "missing")
        }
        guard let cluster = config.clusters[clusterName] else {
            throw KubeConfigError(file: context.file, field: "\(context.fieldPath).cluster", "cluster \"\(clusterName)\" not found")
        }
        var user: KubeConfig.Entry?
        if let userName = context.value["user"].stringValue, !userName.isEmpty {
            guard let found = config.users[userName] else {
                throw KubeConfigError(file: context.file, field: "\(context.fieldPath).user", "user \"\(userName)\" not found")
            }
            user = found
        }
        guard let server = cluster.value["server"].stringValue, !server.isEmpty else {
            throw KubeConfigError(file: cluster.file, field: "\(cluster.fieldPath).server", "missing; the API server URL is required")
        }
        guard let url = URL(string: server), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw KubeConfigError(file: cluster.file, field: "\(cluster.fieldPath).server", "\"\(server)\" is not an http(s) URL")
        }
        var tls = TLSSettings()
        tls.certificateAuthorityPEM = try material(cluster, data: "certificate-authority-data", file: "certificate-authority")
        tls.insecureSkipVerify = cluster.value["insecure-skip-tls-verify"].boolValue ?? false
        tls.serverName = cluster.value["tls-server-name"].stringValue
        var auth = AuthSettings.none
        if let user {
            tls.clientCertificatePEM = try material(user, data: "client-certificate-data", file: "client-certificate")
            tls.clientKeyPEM = try material(user, data: "client-key-data", file: "client-key")
            if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
                throw KubeConfigError(file: user.file, field: user.fieldPath,
                                      "client-certificate and client-key must be given together")
            }
            auth = try authSettings(user, cluster: cluster, server: server, tls: tls)
        }
        let namespace = override ?? context.value["namespace"].stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return ClusterConnection(server: server, namespace: namespace, tls: tls, auth: auth,
                                 source: "context \"\(contextName)\" in \(KubeConfigError.abbreviate(context.file))")
    }

    private func authSettings(_ user: KubeConfig.Entry, cluster: KubeConfig.Entry, server: String,
                              tls: TLSSettings) throws(KubeConfigError) -> AuthSettings {
        let value = user.value
        if let token = value["token"].stringValue, !token.isEmpty { return .token(token) }
        if let file = value["tokenFile"].stringValue, !file.isEmpty { return .tokenFile(resolvePath(file, relativeTo: user.file)) }
        if let username = value["username"].stringValue {
            return .basic(username: username, password: value["password"].stringValue ?? "")
        }
        if !value["auth-provider"].isNull {
            let name = value["auth-provider"]["name"].stringValue ?? "?"
            throw KubeConfigError(file: user.file, field: "\(user.fieldPath).auth-provider",
                                  "the \"\(name)\" auth provider was removed from Kubernetes; use an exec plugin (e.g. gke-gcloud-auth-plugin, kubelogin)")
        }
        let exec = value["exec"]
        if exec.isNull { return .none }
        let field = "\(user.fieldPath).exec"
        guard let command = exec["command"].stringValue, !command.isEmpty else {
            throw KubeConfigError(file: user.file, field: "\(field).command", "missing")
        }
        let apiVersion = exec["apiVersion"].stringValue ?? ""
        guard ExecCredentialRunner.supportedVersions.contains(apiVersion) else {
            throw KubeConfigError(file: user.file, field: "\(field).apiVersion",
                                  "\"\(apiVersion)\" is not supported; use client.authentication.k8s.io/v1 or v1beta1")
        }
        var env: [String: String] = [:]
        for entry in exec["env"].arrayValue ?? [] {
            if let name = entry["name"].stringValue { env[name] = entry["value"].stringValue ?? "" }
        }
        var clusterInfo: [String: String] = ["server": server]
        if let ca = tls.certificateAuthorityPEM { clusterInfo["certificate-authority-data"] = Data(ca).base64EncodedString() }
        if tls.insecureSkipVerify { clusterInfo["insecure-skip-tls-verify"] = "true" }
        if let name = tls.serverName { clusterInfo["tls-server-name"] = name }
        return .exec(ExecConfig(apiVersion: apiVersion, command: command,
                                args: (exec["args"].arrayValue ?? []).compactMap(\.stringValue), env: env,
                                installHint: exec["installHint"].stringValue,
                                provideClusterInfo: exec["provideClusterInfo"].boolValue ?? false,
                                interactiveMode: exec["interactiveMode"].stringValue,
                                baseDirectory: (user.file as NSString).deletingLastPathComponent,
                                clusterInfo: clusterInfo))
    }

    /// Inline base64 `…-data` wins over the file path; file paths are relative to the kubeconfig.
    private func material(_ entry: KubeConfig.Entry, data key: String, file fileKey: String) throws(KubeConfigError) -> [UInt8]? {
        if let encoded = entry.value[key].stringValue, !encoded.isEmpty {
            let compact = encoded.filter { !$0.isWhitespace }
            guard let decoded = Data(base64Encoded: compact) else {
                throw KubeConfigError(file: entry.file, field: "\(entry.fieldPath).\(key)", "not valid base64")
            }
            return Array(decoded)
        }
        guard let path = entry.value[fileKey].stringValue, !path.isEmpty else { return nil }
        let resolved = resolvePath(path, relativeTo: entry.file)
        guard let contents = FileManager.default.contents(atPath: resolved) else {
            throw KubeConfigError(file: entry.file, field: "\(entry.fieldPath).\(fileKey)", "cannot read \"\(resolved)\"")
        }
        return Array(contents)
    }

    private func resolvePath(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~/"), let home = ProcessEnvironment.home { return home + path.dropFirst(1) }
        return ((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
    }
}

extension KubeClient {
    /// The connection a parsed kubeconfig gives for `context` (nil = its current context).
    public static func connection(from config: KubeConfig, context: String?, namespace: String?) throws(KubeConfigError) -> ClusterConnection {
        try KubeConfigInterpreter(config: config).connection(context: context, namespace: namespace)
    }
}
