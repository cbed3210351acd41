import ArgumentParser
import Foundation
import Logging
import TandemKube
import TandemKubeModel
import TandemPlan
import TandemSim

/// The cluster flags every cluster command shares. Without `--sim` the cluster is chosen as
/// kubectl chooses it (`--kubeconfig`, `KUBECONFIG`, `~/.kube/config`, in-cluster service
/// account); `--sim` starts the embedded simulated cluster in this process for the duration of
/// the command (state in `.tandem/sim.db`, or beside `TANDEM_DB`) and talks to it over HTTP
/// like any other cluster.
struct ClusterOptions: ParsableArguments {
    @Option(help: "Path of the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(help: "Kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: [.customShort("n"), .long], help: "Namespace (default: the context's namespace, else \"default\").")
    var namespace: String?

    @Flag(help: "Use the embedded simulated cluster (state in .tandem/sim.db) instead of a real one.")
    var sim = false

    @Option(help: ArgumentHelp("How long to keep retrying while the API server is unreachable or unavailable (connection refused or reset, DNS, TLS handshake timeout, 429, 503), e.g. 30s or 10m (default: TANDEM_API_RETRY_FOR, else 3m).", valueName: "duration"))
    var apiRetryFor: String?

    static let apiRetryEnvironmentVariable = "TANDEM_API_RETRY_FOR"

    @Option(help: ArgumentHelp("Client-side request rate to the API server, requests per second; 0 = no limit (default: TANDEM_KUBE_QPS, else \(RateLimit.default.qps)).", valueName: "qps"))
    var kubeQps: Double?

    @Option(help: ArgumentHelp("Requests the client may send at once above --kube-qps (default: TANDEM_KUBE_BURST, else \(RateLimit.default.burst)).", valueName: "count"))
    var kubeBurst: Int?

    func validate() throws {
        if sim, kubeconfig != nil || context != nil {
            throw ValidationError("--sim cannot be combined with --kubeconfig or --context")
        }
        _ = try outageLimit()
        _ = try rateLimit()
    }

    /// `--kube-qps`/`--kube-burst`, else `TANDEM_KUBE_QPS`/`TANDEM_KUBE_BURST`, else `RateLimit.default`.
    func rateLimit(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RateLimit {
        try KubeRateLimitSetting.resolve(qps: kubeQps, burst: kubeBurst, environment: environment)
    }

    /// `--api-retry-for`, else `TANDEM_API_RETRY_FOR`, else the client's default.
    func outageLimit(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Duration {
        let (text, source) = apiRetryFor.map { ($0, "--api-retry-for") }
            ?? environment[Self.apiRetryEnvironmentVariable].map { ($0, Self.apiRetryEnvironmentVariable) }
            ?? ("", "")
        if text.isEmpty { return RetryPolicy.defaultOutageLimit }
        guard let duration = try? KubeDuration.parse(text) else {
            throw ValidationError("\(source) \"\(text)\" is not a duration; use e.g. 30s, 3m or 10m (0s: do not wait for an unreachable API server)")
        }
        return duration
    }

    /// The CLI's retry policy: the client's defaults with the configured outage budget.
    func retryPolicy() throws -> RetryPolicy {
        var policy = RetryPolicy.default
        policy.outageLimit = try outageLimit()
        return policy
    }

    /// Outage notices go to stderr as warnings, so they never mix with `--output json` on stdout.
    static let outageWarning: @Sendable (OutageNotice) -> Void = { notice in
        try? FileHandle.standardError.write(contentsOf: Data("warning: \(notice)\n".utf8))
    }

    /// Directory for the embedded cluster's state: the directory of `TANDEM_DB` if set, else `.tandem`.
    static func simStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let db = environment["TANDEM_DB"], !db.isEmpty {
            let directory = (db as NSString).deletingLastPathComponent
            return directory.isEmpty ? "." : directory
        }
        return ".tandem"
    }

    /// Connects (starting the embedded cluster for `--sim`). Close the session when done.
    func connect(retryPolicy: RetryPolicy? = nil, logger: Logger = Logger(label: "tandem.kube")) async throws -> ClusterSession {
        let retryPolicy = try retryPolicy ?? self.retryPolicy()
        if sim {
            let cluster: SimulatedCluster
            do {
                cluster = try await SimulatedCluster.startEmbedded(stateDirectory: Self.simStateDirectory())
            } catch {
                throw ClusterConnectError(message: "cannot start the embedded simulated cluster: \(error)")
            }
            do {
                let config = try KubeConfig.parse(cluster.kubeconfigYAML, file: cluster.kubeconfigPath ?? "sim.kubeconfig")
                let resolved = try KubeClient.connection(from: config, context: nil, namespace: namespace)
                let client = try KubeClient(connection: resolved, retryPolicy: retryPolicy, rateLimit: rateLimit(), logger: logger,
                                            outageObserver: Self.outageWarning)
                return ClusterSession(client: client, simulated: cluster)
            } catch {
                await cluster.stop()
                throw ClusterConnectError(message: "\(error)")
            }
        }
        do {
            let resolver = ConfigResolver(kubeconfig: kubeconfig, context: context, namespace: namespace)
            return ClusterSession(client: try KubeClient(resolver: resolver, retryPolicy: retryPolicy, rateLimit: rateLimit(), logger: logger,
                                                                    outageObserver: Self.outageWarning), simulated: nil)
        } catch {
            throw ClusterConnectError(message: "\(error)")
        }
    }

    /// These options for a release to `environment`: its kubeconfig context unless it names none. A different
    /// `--context`, or `--sim` (one embedded cluster) with an environment that names a context, is exit 2.
    func forEnvironment(_ environment: Environment?) throws -> ClusterOptions {
        guard let environment, let wanted = environment.context else { return self }
        if sim {
            throw CLIFailure("environment \(environment.name) is released to kubeconfig context \(wanted), and --sim is one embedded "
                + "cluster: start a simulator per context (`tandem sim serve --context \(wanted) --kubeconfig-out FILE`) and pass "
                + "--kubeconfig FILE instead of --sim", .invalidInput)
        }
        if let context, context != wanted {
            throw CLIFailure("--context \(context) contradicts environment \(environment.name), which is released to context "
                + "\(wanted): leave --context out", .invalidInput)
        }
        var options = self
        options.context = wanted
        return options
    }

    /// The kubeconfig context these options reach: `--context`, else the kubeconfig's current-context; nil for `--sim`.
    func contextName() -> String? {
        sim ? nil : ConfigResolver(kubeconfig: kubeconfig, context: context, namespace: namespace).contextName()
    }

    /// Runs `body` with a connected client and always closes the session (and the embedded cluster).
    func withClient<T: Sendable>(_ body: (KubeClient) async throws -> T) async throws -> T {
        let session = try await connect()
        do {
            let result = try await body(session.client)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }
}

/// A connected client, plus the embedded cluster it talks to when `--sim` was given.
struct ClusterSession: Sendable {
    let client: KubeClient
    let simulated: SimulatedCluster?

    func close() async {
        await client.shutdown()
        await simulated?.stop()
    }
}

/// The cluster could not be reached or configured; the message says why.
struct ClusterConnectError: Error, CustomStringConvertible, ExitCodeProviding {
    let message: String
    var description: String { message }
    var exitStatus: ExitStatus { .otherError }
}
