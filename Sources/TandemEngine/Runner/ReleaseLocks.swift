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
/// the row's key names the API server, the Lease lives in it.
struct ReleaseLocks {
    let releaseID: String
    let rollouts: [LockedRollout]
    let store: ReleaseStore
    /// The Leases are read through the release's cache (one LIST + WATCH per namespace) and written through its client.
    let reads: any KubeReads
    let lockTTL: TimeInterval

    init(releaseID: String, plan: ReleasePlan, cluster: String?, store: ReleaseStore, reads: any KubeReads, lockTTL: TimeInterval) {
        self.releaseID = releaseID
        self.rollouts = LockedRollout.all(in: plan, cluster: cluster)
        self.store = store
        self.reads = reads
        self.lockTTL = lockTTL
    }

    init(context: ReleaseContext) {
        self.init(releaseID: context.releaseID, plan: context.plan, cluster: Self.cluster(of: context.plan, environment: context.environment), store: context.store, reads: context.reads,
                  lockTTL: context.options.lockTTL)
    }

    var keys: [String] { rollouts.map(\.key) }

    /// Which cluster a release's Rollouts are on, for the store's lock keys: its environment's kubeconfig context.
    /// Not the API server's URL, which changes with every start of an embedded `--sim` cluster. Two contexts that
    /// name one cluster are still kept apart by the Leases, which live in the cluster.
    static func cluster(of plan: ReleasePlan, environment: String?) -> String? {
        environment.flatMap { plan.environment(named: $0)?.context }
    }

    /// Takes (or renews) every Lease for `ttl`, in sorted order. When one is held by another release, gives
    /// back the ones this call took if `giveBack` (a start that records nothing) and throws the shared wording.
    func acquireLeases(ttl: TimeInterval, giveBack: Bool) async throws {
        var taken: [LockedRollout] = []
        for rollout in rollouts {
            switch try await reads.acquireLease(rollout.leaseName, namespace: rollout.namespace, holder: releaseID,
                                                 duration: .seconds(Int(ttl))) {
            case .acquired:
                taken.append(rollout)
            case .heldBy(let holder, _):
                if giveBack { await releaseLeases(taken) }
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
        for rollout in rollouts {
            _ = try await reads.acquireLease(rollout.leaseName, namespace: rollout.namespace, holder: releaseID,
                                              duration: .seconds(Int(ttl)))
        }
    }

    func release() async {
        await releaseLeases(rollouts)
        _ = try? await store.releaseLocks(releaseID: releaseID)
    }

    func releaseLeases(_ which: [LockedRollout]) async {
        for rollout in which {
            _ = try? await reads.releaseLease(rollout.leaseName, namespace: rollout.namespace, holder: releaseID)
        }
    }

    /// Renews both every third of the TTL until cancelled.
    func keepAlive(ttl: TimeInterval) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(max(1, ttl / 3)))
                if Task.isCancelled { return }
                _ = try? await store.renewLocks(keys: keys, releaseID: releaseID, ttl: ttl)
                for rollout in rollouts {
                    _ = try? await reads.acquireLease(rollout.leaseName, namespace: rollout.namespace, holder: releaseID,
                                                       duration: .seconds(Int(ttl)))
                }
            }
        }
    }
}
