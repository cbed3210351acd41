import Foundation
import TandemKube
import TandemPairing
import TandemPlan
import TandemStore
import TandemRelease

/// What `release start` asks for.
public struct ReleaseRequest: Sendable {
    public var plan: ReleasePlan
    /// The plan file's content as read (hashed and stored with the release).
    public var planContent: String
    public var planPath: String?
    public var planCommit: String?
    /// service → tag: `--version V` for every service, then `--set svc=tag` (`ReleaseVersions.resolve`).
    public var versions: [String: String]
    public var startedBy: String
    public var startedBySource: String?
    public var rollbackOf: String?
    /// The plan's environment released to; `plan` is then the plan as applied to it (`ReleasePlan.applying`).
    public var environment: String?
    /// The release whose versions `release promote` carries into `environment`.
    public var promotedFrom: String?
    /// ServiceNow change numbers linked to the release (`--change`), read by its servicenow gates.
    public var changes: [String]
    /// Direct mode: release even when Argo CD manages the plan's Rollouts (`--allow-argocd-managed`).
    public var allowArgoCDManaged = false

    public init(plan: ReleasePlan, planContent: String, planPath: String? = nil, planCommit: String? = nil,
                versions: [String: String], startedBy: String, startedBySource: String? = nil, rollbackOf: String? = nil,
                environment: String? = nil, promotedFrom: String? = nil, changes: [String] = []) {
        self.plan = plan
        self.planContent = planContent
        self.planPath = planPath
        self.planCommit = planCommit
        self.versions = versions
        self.startedBy = startedBy
        self.startedBySource = startedBySource
        self.rollbackOf = rollbackOf
        self.environment = environment
        self.promotedFrom = promotedFrom
        self.changes = changes
    }
}

/// Computes a release's program once, at start, and records it.
public enum ReleaseStarter {
    /// The release to record: plan snapshot, versions, program steps and checkpoints.
    public static func newRelease(_ request: ReleaseRequest, scope: Set<String>, id: String? = nil,
                                  lockKeys: [String] = [], canary: CanaryGroup? = nil) -> NewRelease {
        let program = ProgramBuilder.build(plan: request.plan, scope: scope, canary: canary)
        let steps = program.map { step in
            PlannedStep(kind: step.kind, service: step.service, wave: step.wave, checkpoint: step.checkpoint)
        }
        let checkpoints = request.plan.checkpoints.map { checkpoint in
            PlannedCheckpoint(name: checkpoint.name, policy: ApprovalPolicy(
                requiredApprovals: checkpoint.approvals, approvers: checkpoint.approvers, allowSelfApproval: checkpoint.allowSelfApproval))
        }
        return NewRelease(
            plan: PlanSnapshot(name: request.plan.name, namespace: request.plan.namespace, content: request.planContent,
                               hash: PlanHash.of(request.planContent), path: request.planPath, commit: request.planCommit),
            versions: request.versions, startedBy: request.startedBy, startedBySource: request.startedBySource,
            steps: steps, checkpoints: checkpoints, rollbackOf: request.rollbackOf, id: id, lockKeys: lockKeys,
            environment: request.environment, promotedFrom: request.promotedFrom, changes: request.changes)
    }

    /// What a start refuses before it connects to any cluster or takes anything (exit 2): malformed change numbers,
    /// and versions that have not succeeded in the environment the target environment `requires`. A promotion to an
    /// environment whose cluster this host cannot reach is still told what it misses.
    public static func check(_ request: ReleaseRequest, store: ReleaseStore) async throws {
        try ChangeNumbers.check(request.changes)
        try await EnvironmentRequirement.check(request, store: store)
    }

    /// Records the release unless another release holds one of the plan's Rollouts. The Leases are taken
    /// first, in the new release's id, so a start that loses them — even against a release recorded in
    /// another database — records nothing; then the store's locks, in the transaction that records it.
    /// Returns the release and its context; nothing in the cluster is changed yet but the Leases.
    public static func start(_ request: ReleaseRequest, client: KubeClient, store: ReleaseStore,
                             options: EngineOptions = EngineOptions()) async throws -> (ReleaseRecord, ReleaseContext) {
        // Before anything is taken or written: an environment that `requires` another takes only its version sets.
        try await check(request, store: store)
        // One cache from the first read on: the release's context keeps it.
        let cache = ClusterCache(client: client)
        await warm(cache, plan: request.plan)
        let locks = ReleaseLocks(releaseID: store.newReleaseID(), plan: request.plan,
                                 cluster: ReleaseLocks.cluster(of: request.plan, environment: request.environment),
                                 store: store, reads: cache, lockTTL: options.lockTTL, waitingLockTTL: options.waitingLockTTL)
        do {
            // GitOps preflight, or the direct-mode guard against Argo CD: every problem, before the Leases.
            try await StartPreflight.check(request, client: client, reads: cache)
            try await locks.acquireLeases(ttl: options.lockTTL, giveBack: true)
        } catch {
            await cache.stop()
            throw error
        }
        let release: ReleaseRecord, stable: [String: String], scope: Set<String>, recorded: NewRelease
        do {
            let live = try await LiveVersion.read(plan: request.plan, reads: cache)
            stable = live.compactMapValues(\.stableTag)
            scope = ReleaseScope.services(in: request.plan, target: request.versions, running: live.compactMapValues(\.settledTag))
            // Lockstep canary: refuses (exit 2) a group that cannot step together, before anything changes.
            let canary = try await CanaryPreflightReader.group(plan: request.plan, reads: cache)
            recorded = newRelease(request, scope: scope, id: locks.releaseID, lockKeys: locks.keys, canary: canary)
            release = try await store.startRelease(recorded, lockTTL: options.lockTTL)
        } catch {
            await locks.giveBackLeases()
            await cache.stop()
            if let store = error as? StoreError, let held = ReleaseLocks.lockHeld(store, releaseID: locks.releaseID, lockTTL: options.lockTTL) {
                throw held
            }
            throw error
        }
        try await PreviousVersions.record(stable, releaseID: release.id, store: store)
        for service in request.plan.services where !scope.contains(service.name) {
            try await store.appendEvent(releaseID: release.id, kind: .releaseSkippedService, service: service.name,
                                        message: "\(service.name) already runs \(stable[service.name] ?? "?") (stable and Healthy): left out, stays paired")
        }
        // From memory: the plan as parsed (and applied to the environment) is the one the release runs.
        let deployed = Set(recorded.steps.filter { $0.kind == .deploy }.compactMap(\.service))
        return (release, context(for: release, plan: request.plan, scope: deployed, client: client, store: store,
                                 options: options, cache: cache))
    }

    /// The context of a recorded release (resume, abort): the plan and program as stored at start.
    public static func context(for release: ReleaseRecord, client: KubeClient, store: ReleaseStore,
                               options: EngineOptions = EngineOptions(), cache: ClusterCache? = nil) async throws -> ReleaseContext {
        let plan = try storedPlan(of: release)
        let scope = Set(try await store.steps(of: release.id).filter { $0.kind == .deploy }.compactMap(\.service))
        let cache = cache ?? ClusterCache(client: client)
        await warm(cache, plan: plan)
        return context(for: release, plan: plan, scope: scope, client: client, store: store, options: options, cache: cache)
    }

    /// The collections every release reads (its Rollouts, their ReplicaSets, the Services and ConfigMaps it
    /// pins), listed in parallel from the start.
    private static func warm(_ cache: ClusterCache, plan: ReleasePlan) async {
        await cache.warm([.rollouts, .replicaSets, .services, .configMaps], namespaces: Set(plan.services.map { $0.effectiveNamespace(in: plan) }))
    }

    /// `scope`: the services the program deploys.
    private static func context(for release: ReleaseRecord, plan: ReleasePlan, scope: Set<String>, client: KubeClient,
                                store: ReleaseStore, options: EngineOptions, cache: ClusterCache?) -> ReleaseContext {
        ReleaseContext(releaseID: release.id, plan: plan, versions: release.versions, scope: scope, client: client,
                       store: store, options: options, cache: cache, environment: release.environment,
                       changes: release.changes ?? [], planPath: release.planPath)
    }

    /// The plan as the release runs it: the stored content, applied to the release's environment.
    public static func storedPlan(of release: ReleaseRecord) throws -> ReleasePlan {
        let plan = try PlanLoader.load(text: release.planContent, file: release.planPath ?? "stored plan of \(release.id)")
        guard let name = release.environment else { return plan }
        guard let environment = plan.environment(named: name) else {
            throw EnvironmentError("the stored plan of release \(release.id) has no environment \(name); start a new release")
        }
        return plan.applying(environment)
    }
}
