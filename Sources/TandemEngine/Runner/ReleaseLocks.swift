import Foundation
import TandemKube
import TandemStore

/// Another release holds the plan/namespace lock or Lease (exit 6).
public struct LockHeldError: Error, Sendable, CustomStringConvertible {
    public var holder: String
    public var description: String
}

/// One active release per plan and namespace: the store's lock and a `coordination.k8s.io` Lease
/// named `tandem-<plan>` in the plan's namespace, held by the release id.
struct ReleaseLocks {
    let context: ReleaseContext

    var leaseName: String { "tandem-\(context.plan.name)" }
    var namespace: String { context.plan.namespace }

    /// Whether another release holds the Lease now (checked before a start records anything).
    static func leaseHolder(plan: String, namespace: String, client: KubeClient, except releaseID: String? = nil) async throws -> String? {
        guard let lease = try await client.lease("tandem-\(plan)", namespace: namespace),
              let holder = lease.holderIdentity, holder != releaseID, !lease.isFree(at: Date()) else { return nil }
        return holder
    }

    /// Takes (or renews) both for `ttl` seconds. A resumed release takes over its own lock when the
    /// process that held it stopped at a checkpoint (parked), died on this host, or let it expire; a
    /// process still driving it (a `--wait` run, here or on another host) keeps it.
    func acquire(ttl: TimeInterval) async throws {
        let id = context.releaseID
        do {
            try await context.store.acquireLock(plan: context.plan.name, namespace: namespace, releaseID: id, ttl: ttl)
        } catch StoreError.lockHeld(_, let holder) where holder.releaseID == id {
            throw LockHeldError(holder: id, description: """
                release \(id) is being driven by another process (host \(holder.host), pid \(holder.pid), lock until \
                \(holder.expiresAt)): wait for it, or stop that process; its lock expires \(Int(context.options.lockTTL))s \
                after it stops renewing it
                """)
        }
        switch try await context.client.acquireLease(leaseName, namespace: namespace, holder: id, duration: .seconds(Int(ttl))) {
        case .acquired: break
        case .heldBy(let holder, let until):
            throw LockHeldError(holder: holder, description: "release \(holder) holds Lease \(namespace)/\(leaseName)\(until.map { " until \($0)" } ?? ""): wait for it to finish (`tandem release status \(holder)`), or abort it with `tandem release abort \(holder)`")
        }
    }

    /// The release stopped at a checkpoint and this process exits: keep the lock and the Lease for
    /// `ttl`, marked as driven by no process, so a resume from anywhere takes them over at once.
    func park(ttl: TimeInterval) async throws {
        try await context.store.parkLock(plan: context.plan.name, namespace: namespace, releaseID: context.releaseID, ttl: ttl)
        _ = try await context.client.acquireLease(leaseName, namespace: namespace, holder: context.releaseID,
                                                  duration: .seconds(Int(ttl)))
    }

    func release() async {
        _ = try? await context.client.releaseLease(leaseName, namespace: namespace, holder: context.releaseID)
        _ = try? await context.store.releaseLock(plan: context.plan.name, namespace: namespace, releaseID: context.releaseID)
    }

    /// Renews both every third of the TTL until cancelled.
    func keepAlive(ttl: TimeInterval) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(max(1, ttl / 3)))
                if Task.isCancelled { return }
                _ = try? await context.store.renewLock(plan: context.plan.name, namespace: namespace,
                                                       releaseID: context.releaseID, ttl: ttl)
                _ = try? await context.client.acquireLease(leaseName, namespace: namespace, holder: context.releaseID,
                                                           duration: .seconds(Int(ttl)))
            }
        }
    }
}
