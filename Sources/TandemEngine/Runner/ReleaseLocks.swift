import Crypto
import Foundation
import TandemKube
import TandemPlan
import TandemStore

/// One Rollout a release may change, and the names of its two locks.
struct LockedRollout: Sendable, Hashable, Comparable {
    var namespace: String
    var name: String
    /// The kubeconfig context of the release's environment (nil: the current one) — the cluster it lives on.
    /// The Lease is in that cluster; the store's row names it.
    var cluster: String? = nil

    /// The store's `locks` key.
    var key: String { LockRecord.key(rollout: name, namespace: namespace, cluster: cluster) }
    /// "Rollout legacy/my-backend", as both lock paths name it when held.
    var label: String { LockRecord.describe(key: key) }

    /// The `coordination.k8s.io` Lease in the Rollout's namespace: `tandem-rollout-<name>`, shortened with a
    /// hash of the name when that would exceed the 253 characters of an object name.
    var leaseName: String {
        let full = "tandem-rollout-\(name)"
        guard full.count > 253 else { return full }
        let digest = SHA256.hash(data: Array(name.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return String(full.prefix(240)) + "-" + digest
    }

    static func < (a: LockedRollout, b: LockedRollout) -> Bool { (a.namespace, a.name) < (b.namespace, b.name) }

    /// Every Rollout of the plan, sorted (the order both locks are taken in), without repeats. A service the
    /// release leaves out is locked too: the release pairs its consumers with it.
    static func all(in plan: ReleasePlan, cluster: String?) -> [LockedRollout] {
        Set(plan.services.map { LockedRollout(namespace: $0.effectiveNamespace(in: plan), name: $0.rollout, cluster: cluster) }).sorted()
    }
}

/// One active release per Rollout, whatever plan names it: a row of the store's `locks` table and a Lease
/// (cross-host, cross-database exclusion) per Rollout of the plan, each held by the release id. Both are per cluster:
/// the row's key names the API server, the Lease lives in it. The Leases are claims of one heartbeat Lease per
/// release (`LeaseClaims`): taking and giving back a Rollout's Lease is one write each, while renewing, parking
/// and taking over the release's locks is one write of its heartbeat.
struct ReleaseLocks {
    let releaseID: String
    let rollouts: [LockedRollout]
    let store: ReleaseStore
    /// The Leases are read through the release's cache (one LIST + WATCH per namespace) and written through its client.
    let claims: LeaseClaims
    let lockTTL: TimeInterval
    /// How long a claim's own Lease says it is held: the longest a release keeps its locks (at a checkpoint).
    let claimTTL: TimeInterval

    init(releaseID: String, plan: ReleasePlan, cluster: String?, store: ReleaseStore, reads: any KubeReads, lockTTL: TimeInterval,
         waitingLockTTL: TimeInterval) {
        self.releaseID = releaseID
        self.rollouts = LockedRollout.all(in: plan, cluster: cluster)
        self.store = store
        self.claims = LeaseClaims(reads: reads, holder: releaseID,
                                  heartbeatNamespace: rollouts.first?.namespace ?? plan.namespace,
                                  heartbeatName: Self.heartbeatName(releaseID))
        self.lockTTL = lockTTL
        self.claimTTL = max(lockTTL, waitingLockTTL)
    }

    init(context: ReleaseContext) {
        self.init(releaseID: context.releaseID, plan: context.plan, cluster: Self.cluster(of: context.plan, environment: context.environment),
                  store: context.store, reads: context.reads,
                  lockTTL: context.options.lockTTL, waitingLockTTL: context.options.waitingLockTTL)
    }

    /// The release's heartbeat Lease, in the namespace of its first Rollout (sorted).
    static func heartbeatName(_ releaseID: String) -> String { "tandem-release-\(releaseID)" }

    var keys: [String] { rollouts.map(\.key) }

    /// Which cluster a release's Rollouts are on, for the store's lock keys: its environment's kubeconfig context.
    /// Not the API server's URL, which changes with every start of an embedded `--sim` cluster. Two contexts that
    /// name one cluster are still kept apart by the Leases, which live in the cluster.
    static func cluster(of plan: ReleasePlan, environment: String?) -> String? {
        environment.flatMap { plan.environment(named: $0)?.context }
    }

    /// Beats the heartbeat for `ttl`, then takes every Rollout's Lease in sorted order (one that is already
    /// the release's costs no write). When one is held by another release, gives back the ones this call took
    /// and the heartbeat if `giveBack` (a start that records nothing) and throws the shared wording.
    func acquireLeases(ttl: TimeInterval, giveBack: Bool) async throws {
        if case .heldBy(let holder, _) = try await claims.beat(duration: .seconds(Int(ttl))) {
            throw KubeError.operationFailed("the heartbeat Lease \(claims.heartbeatNamespace)/\(claims.heartbeatName) of release \(releaseID) is held by \(holder); delete that Lease and start again")
        }
        var taken: [LockedRollout] = []
        for rollout in rollouts {
            switch try await claims.claim(rollout.leaseName, namespace: rollout.namespace, duration: .seconds(Int(claimTTL))) {
            case .acquired:
                taken.append(rollout)
            case .heldBy(let holder, _):
                if giveBack {
                    await releaseLeases(taken)
                    try? await claims.stopBeating()
                }
                throw LockHeldError.heldBy(holder, rollout.label)
            }
        }
    }

    /// Takes (or renews) both for `ttl` seconds. A resumed release takes over its own locks when the
    /// process that held them stopped at a checkpoint (parked), died on this host, or let them expire; a
    /// process still driving it (a `--wait` run, here or on another host) keeps them.
    func acquire(ttl: TimeInterval) async throws {
        do {
            try await store.acquireLocks(keys: keys, releaseID: releaseID, ttl: ttl)
        } catch let error as StoreError {
            throw Self.lockHeld(error, releaseID: releaseID, lockTTL: lockTTL) ?? error
        }
        try await acquireLeases(ttl: ttl, giveBack: false)
    }

    /// A store refusal as the shared `LockHeldError` wording (nil for any other store error).
    static func lockHeld(_ error: StoreError, releaseID: String, lockTTL: TimeInterval) -> LockHeldError? {
        guard case let .lockHeld(key, holder) = error else { return nil }
        if holder.releaseID == releaseID { return .drivenElsewhere(holder, lockTTL: lockTTL) }
        return .heldBy(holder.releaseID, LockRecord.describe(key: key))
    }

    /// The release stopped at a checkpoint and this process exits: keep the locks and the Leases for
    /// `ttl`, marked as driven by no process, so a resume from anywhere takes them over at once.
    func park(ttl: TimeInterval) async throws {
        try await store.parkLocks(keys: keys, releaseID: releaseID, ttl: ttl)
        _ = try await claims.beat(duration: .seconds(Int(ttl)))
    }

    func release() async {
        await giveBackLeases()
        _ = try? await store.releaseLocks(releaseID: releaseID)
    }

    /// Gives back every Rollout's Lease, then ends the heartbeat.
    func giveBackLeases() async {
        await releaseLeases(rollouts)
        try? await claims.stopBeating()
    }

    /// Gives back `which`, a few at a time (order does not matter when giving back; taking stays sorted).
    func releaseLeases(_ which: [LockedRollout]) async {
        let claims = self.claims
        _ = await which.concurrentMap(atMost: Self.givingBackAtOnce) { rollout in
            _ = try? await claims.giveBack(rollout.leaseName, namespace: rollout.namespace)
        }
    }

    /// How many Leases are given back at once.
    static let givingBackAtOnce = 8

    /// Renews both every third of the TTL until cancelled: the store's rows and the one heartbeat Lease.
    func keepAlive(ttl: TimeInterval) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(max(1, ttl / 3)))
                if Task.isCancelled { return }
                _ = try? await store.renewLocks(keys: keys, releaseID: releaseID, ttl: ttl)
                _ = try? await claims.beat(duration: .seconds(Int(ttl)))
            }
        }
    }
}
