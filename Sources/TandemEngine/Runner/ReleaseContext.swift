import Logging
import TandemKube
import TandemPairing
import TandemPlan
import TandemStore

/// Everything a step needs to act on one release: the plan as it was at start, the versions,
/// the services in the release, the cluster (written through `client`, read through `reads`), the store
/// and the logger.
public struct ReleaseContext: Sendable {
    public let releaseID: String
    public let plan: ReleasePlan
    public let pairingPlan: PairingPlan
    /// service → image tag.
    public let versions: [String: String]
    /// Services that have a deploy step in the program.
    public let scope: Set<String>
    public let client: KubeClient
    /// The release's watch cache: steps read and wait through it (`reads`), never older than their own writes.
    public let cache: ClusterCache
    public let store: ReleaseStore
    public let logger: Logger
    public let options: EngineOptions
    /// The plan's environment the release runs in (`plan` is already applied to it).
    public let environment: String?
    /// ServiceNow change numbers linked to the release.
    public let changes: [String]
    /// The plan file as recorded at start; GitOps mode finds the work tree relative to it.
    public let planPath: String?

    /// `cache` nil: a new one over `client` (the starter passes the one it already read through).
    public init(releaseID: String, plan: ReleasePlan, versions: [String: String], scope: Set<String>, client: KubeClient,
                store: ReleaseStore, logger: Logger = Logger(label: "tandem.engine"), options: EngineOptions = EngineOptions(),
                cache: ClusterCache? = nil, environment: String? = nil, changes: [String] = [], planPath: String? = nil) {
        self.planPath = planPath
        self.releaseID = releaseID
        self.plan = plan
        self.pairingPlan = PairingPlan(plan)
        self.versions = versions
        self.scope = scope
        self.client = client
        self.cache = cache ?? ClusterCache(client: client)
        self.store = store
        var logger = logger
        logger[metadataKey: "release"] = "\(releaseID)"
        self.logger = logger
        self.options = options
        self.environment = environment
        self.changes = changes
    }

    /// Where steps read objects and wait for states: the release's cache.
    public var reads: any KubeReads { cache }

    public var executor: PairingExecutor { PairingExecutor(reads: reads, plan: pairingPlan, release: releaseID) }

    public func service(_ name: String) throws -> PairingService {
        guard let service = pairingPlan.service(name) else {
            throw StepError.terminal("service \"\(name)\" is not in plan \(plan.name); the stored plan and program disagree — start a new release")
        }
        return service
    }

    /// The time `service` may take to reach the expected state: `deadlineSeconds` of the plan, else the default.
    public func deadline(for service: String) -> Duration {
        plan.service(named: service)?.deadlineSeconds.map { .seconds($0) } ?? options.defaultDeadline
    }

    /// service → the services it calls, for the step graph.
    public var dependencies: [String: [String]] {
        Dictionary(plan.services.map { ($0.name, $0.dependsOn.map(\.service)) }, uniquingKeysWith: { a, _ in a })
    }

    /// Services of the plan, consumers before their dependencies (the rollback order).
    public var consumersFirst: [String] {
        PlanOrder.compute(plan).deployWaves.reversed().flatMap { $0 }
    }
}
