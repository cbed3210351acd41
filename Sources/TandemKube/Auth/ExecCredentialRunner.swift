import Foundation
import TandemKubeModel

/// Why an exec credential plugin gave no credential.
public struct ExecPluginError: Error, Sendable, CustomStringConvertible {
    public var command: String
    public var problem: String
    public var installHint: String?

    public var description: String {
        var text = "exec credential plugin \"\(command)\": \(problem)"
        if let installHint, !installHint.isEmpty { text += "\n\n\(installHint)" }
        return text
    }
}

/// Runs a `client.authentication.k8s.io` exec plugin once and decodes its `ExecCredential`.
public struct ExecCredentialRunner: Sendable {
    public static let supportedVersions: Set<String> = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    public struct Output: Sendable, Equatable {
        public var credential: Credential
        public var expiration: Date?
    }

    public let config: ExecConfig
    public var environment: [String: String]

    public init(config: ExecConfig, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.config = config
        self.environment = environment
    }

    public func run() async throws -> Output {
        guard let executable = locate() else {
            throw ExecPluginError(command: config.command, problem: "executable not found (looked in PATH)",
                                  installHint: config.installHint)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        var env = environment
        for (name, value) in config.env { env[name] = value }
        env["KUBERNETES_EXEC_INFO"] = execInfo().serializedString()
        process.environment = env
        // tandem never prompts: plugins get no terminal (interactiveMode is honoured as "Never").
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw ExecPluginError(command: config.command, problem: "cannot start: \(error.localizedDescription)",
                                  installHint: config.installHint)
        }
        let (outData, errData) = await withCheckedContinuation { (continuation: CheckedContinuation<(Data, Data), Never>) in
            DispatchQueue.global().async {
                let out = stdout.fileHandleForReading.readDataToEndOfFile()
                let err = stderr.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (out, err))
            }
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            var problem = "exited with status \(process.terminationStatus)"
            if !message.isEmpty { problem += ": \(message)" }
            if config.interactiveMode == "Always" { problem += " (the plugin requires an interactive terminal, which tandem never provides)" }
            throw ExecPluginError(command: config.command, problem: problem, installHint: nil)
        }
        return try decode(outData)
    }

    func decode(_ data: Data) throws(ExecPluginError) -> Output {
        let json: JSON
        do { json = try JSON.parse(data) } catch {
            throw ExecPluginError(command: config.command, problem: "output is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        guard json["kind"].stringValue == "ExecCredential" else {
            throw ExecPluginError(command: config.command, problem: "output is not an ExecCredential (kind \(json["kind"].stringValue ?? "missing"))")
        }
        guard json["apiVersion"].stringValue == config.apiVersion else {
            throw ExecPluginError(command: config.command,
                                  problem: "returned apiVersion \(json["apiVersion"].stringValue ?? "missing"), expected \(config.apiVersion)")
        }
        let status = json["status"]
        var expiration: Date?
        if let text = status["expirationTimestamp"].stringValue {
            guard let date = KubeTime.parse(text) else {
                throw ExecPluginError(command: config.command, problem: "status.expirationTimestamp \"\(text)\" is not RFC 3339")
            }
            expiration = date
        }
        if let token = status["token"].stringValue, !token.isEmpty {
            return Output(credential: .bearer(token), expiration: expiration)
        }
        if let cert = status["clientCertificateData"].stringValue, let key = status["clientKeyData"].stringValue,
           !cert.isEmpty, !key.isEmpty {
            return Output(credential: .clientCertificate(certificatePEM: Array(cert.utf8), keyPEM: Array(key.utf8)),
                          expiration: expiration)
        }
        throw ExecPluginError(command: config.command,
                              problem: "status has neither token nor clientCertificateData and clientKeyData")
    }

    private func execInfo() -> JSON {
        var spec: JSON = ["interactive": false]
        if config.provideClusterInfo {
            var cluster: JSON = [:]
            for (key, value) in config.clusterInfo {
                switch key {
                case "server": cluster["server"] = .string(value)
                case "certificate-authority-data": cluster["certificate-authority-data"] = .string(value)
                case "insecure-skip-tls-verify": cluster["insecure-skip-tls-verify"] = .bool(value == "true")
                case "tls-server-name": cluster["tls-server-name"] = .string(value)
                default: break
                }
            }
            spec["cluster"] = cluster
        }
        return ["apiVersion": .string(config.apiVersion), "kind": "ExecCredential", "spec": spec]
    }

    /// An absolute path, a path relative to the kubeconfig's directory, or a name looked up in PATH.
    func locate() -> String? {
        let fm = FileManager.default
        if config.command.contains("/") {
            let path = config.command.hasPrefix("/") ? config.command
                : ((config.baseDirectory ?? fm.currentDirectoryPath) as NSString).appendingPathComponent(config.command)
            return fm.isExecutableFile(atPath: path) ? path : nil
        }
        let searchPath = config.env["PATH"] ?? environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(config.command)"
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Caches an exec plugin's credential until its `expirationTimestamp` (forever when it has
/// none) and runs the plugin again after `invalidate()` (a 401). Concurrent callers share one run.
public actor ExecCredentialSource: CredentialSource {
    private let runner: ExecCredentialRunner
    private let now: @Sendable () -> Date
    private var cached: ExecCredentialRunner.Output?
    private var inFlight: Task<ExecCredentialRunner.Output, any Error>?
    public private(set) var runs = 0

    public init(config: ExecConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.runner = ExecCredentialRunner(config: config, environment: environment)
        self.now = now
    }

    public func credential() async throws -> Credential {
        if let cached, cached.expiration.map({ $0 > now() }) ?? true { return cached.credential }
        if let inFlight { return try await inFlight.value.credential }
        let runner = self.runner
        let task = Task { try await runner.run() }
        inFlight = task
        defer { inFlight = nil }
        runs += 1
        let output = try await task.value
        cached = output
        return output.credential
    }

    public func invalidate() async { cached = nil }
}
