import Foundation
import TandemKubeModel

/// What happened when trying to take a lease.
public enum LeaseAcquisition: Sendable, Equatable {
    case acquired(Lease)
    /// Someone else holds it until `until`.
    case heldBy(holder: String, until: Date?)
}

/// Leases as locks: `holderIdentity`, `leaseDurationSeconds`, `acquireTime`/`renewTime` in
/// MicroTime, optimistic concurrency through resourceVersion; a lease held by another
/// identity is taken over only after it has expired.
extension KubeClient {
    public func lease(_ name: String, namespace: String? = nil) async throws(KubeError) -> Lease? {
        try await getIfPresent(.leases, namespace: namespace, name: name).map(Lease.init)
    }

    public func acquireLease(_ name: String, namespace: String? = nil, holder: String, duration: Duration,
                             now: Date = Date()) async throws(KubeError) -> LeaseAcquisition {
        try await acquireLease(name, namespace: namespace, holder: holder, duration: duration, now: now,
                               current: try await lease(name, namespace: namespace))
    }

    /// The same from `current`, the Lease as last read (a cached copy may be stale: a conflict or an
    /// AlreadyExists answer reads it afresh and decides again).
    func acquireLease(_ name: String, namespace: String?, holder: String, duration: Duration, now: Date,
                      current: Lease?) async throws(KubeError) -> LeaseAcquisition {
        let seconds = max(1, Int(duration.components.seconds))
        let time = JSON.string(MicroTime.format(now))
        guard let existing = current else {
            var raw = Lease.skeleton(name: name, namespace: namespace ?? self.namespace)
            raw["spec"] = ["holderIdentity": .string(holder), "leaseDurationSeconds": .int(seconds),
                           "acquireTime": time, "renewTime": time, "leaseTransitions": 0]
            do {
                return .acquired(Lease(try await create(.leases, namespace: namespace, raw)))
            } catch where error.isAlreadyExists {
                return try await acquireLease(name, namespace: namespace, holder: holder, duration: duration, now: now)
            }
        }
        if let current = existing.holderIdentity, current != holder, !existing.isFree(at: now) {
            return .heldBy(holder: current, until: existing.expiry)
        }
        var raw = existing.raw
        let takeover = existing.holderIdentity != holder
        raw[path: ["spec", "holderIdentity"]] = .string(holder)
        raw[path: ["spec", "leaseDurationSeconds"]] = .int(seconds)
        raw[path: ["spec", "renewTime"]] = time
        if takeover {
            raw[path: ["spec", "acquireTime"]] = time
            raw[path: ["spec", "leaseTransitions"]] = .int(existing.leaseTransitions + (existing.holderIdentity == nil ? 0 : 1))
        }
        do {
            return .acquired(Lease(try await update(.leases, namespace: namespace, raw)))
        } catch where error.isConflict {
            // Someone wrote in between: look again (it may now be held by them).
            return try await acquireLease(name, namespace: namespace, holder: holder, duration: duration, now: now)
        }
    }

    /// Extends our lease; fails if another holder took it (after it expired).
    public func renewLease(_ name: String, namespace: String? = nil, holder: String, now: Date = Date()) async throws(KubeError) -> Lease {
        guard let existing = try await lease(name, namespace: namespace) else {
            throw KubeError.operationFailed("lease \"\(name)\" no longer exists; it must be acquired again")
        }
        guard existing.holderIdentity == holder else {
            throw KubeError.operationFailed("lease \"\(name)\" is now held by \"\(existing.holderIdentity ?? "nobody")\", not \"\(holder)\"")
        }
        var raw = existing.raw
        raw[path: ["spec", "renewTime"]] = .string(MicroTime.format(now))
        return Lease(try await update(.leases, namespace: namespace, raw))
    }

    /// Gives the lease up if we hold it (clears holderIdentity); returns false when we did not hold it.
    @discardableResult
    public func releaseLease(_ name: String, namespace: String? = nil, holder: String) async throws(KubeError) -> Bool {
        try await releaseLease(name, namespace: namespace, holder: holder, current: try await lease(name, namespace: namespace))
    }

    func releaseLease(_ name: String, namespace: String?, holder: String, current: Lease?) async throws(KubeError) -> Bool {
        guard let existing = current, existing.holderIdentity == holder else { return false }
        var raw = existing.raw
        raw[path: ["spec", "holderIdentity"]] = .null
        raw["spec"] = .object((raw["spec"].objectValue ?? [:]).filter { !$0.value.isNull })
        do {
            _ = try await update(.leases, namespace: namespace, raw)
            return true
        } catch where error.isConflict {
            return try await releaseLease(name, namespace: namespace, holder: holder)
        }
    }
}

/// Lease locks read through a cache: taking or renewing a Lease is one write, not a GET and a write.
extension KubeReads {
    public func acquireLease(_ name: String, namespace: String? = nil, holder: String, duration: Duration,
                             now: Date = Date()) async throws(KubeError) -> LeaseAcquisition {
        let current = try await object(.leases, namespace: namespace, name: name).map(Lease.init)
        return try await client.acquireLease(name, namespace: namespace, holder: holder, duration: duration, now: now, current: current)
    }
}
