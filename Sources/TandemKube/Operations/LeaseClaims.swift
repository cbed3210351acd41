import Foundation
import TandemKubeModel

/// Many Lease locks held together at the cost of one: a **claim** Lease per locked object, written when it is
/// taken and when it is given back, and one **heartbeat** Lease per holder that says whether the holder is
/// alive. Renewing, parking and taking the claims over again is one write of the heartbeat, however many
/// claims there are (a release of 1,000 Rollouts renews one Lease every 20 s, not 1,000).
///
/// A claim names its heartbeat in the annotation `tandem.dev/heartbeat` (`namespace/name`). It is held while
/// its holder's heartbeat exists, names the same holder and has not expired; a claim without the annotation
/// (written by an older tandem) is held until its own expiry. Creating a claim is atomic (AlreadyExists) and
/// taking one over is a write conditioned on its resourceVersion, so two holders never both win one claim.
/// The heartbeat is written before any claim, so a live read of a claim's heartbeat always finds it; a
/// contended claim's heartbeat is read live, never from a cache.
public struct LeaseClaims: Sendable {
    /// The annotation on a claim naming its heartbeat Lease.
    public static let heartbeatAnnotation = "tandem.dev/heartbeat"

    public let reads: any KubeReads
    public let holder: String
    public let heartbeatNamespace: String
    public let heartbeatName: String

    public init(reads: any KubeReads, holder: String, heartbeatNamespace: String, heartbeatName: String) {
        self.reads = reads
        self.holder = holder
        self.heartbeatNamespace = heartbeatNamespace
        self.heartbeatName = heartbeatName
    }

    var heartbeatReference: String { "\(heartbeatNamespace)/\(heartbeatName)" }

    /// Takes, renews, parks or takes over the heartbeat for `duration` from `now`: one write.
    public func beat(duration: Duration, now: Date = Date()) async throws(KubeError) -> LeaseAcquisition {
        try await reads.acquireLease(heartbeatName, namespace: heartbeatNamespace, holder: holder, duration: duration, now: now)
    }

    /// Deletes the heartbeat: every claim naming it is free from now on, even one left behind.
    public func stopBeating() async throws(KubeError) {
        try await reads.client.delete(.leases, namespace: heartbeatNamespace, name: heartbeatName)
    }

    /// Takes the claim `name` in `namespace`. A claim this holder already has (with this heartbeat) costs no
    /// write; a free one (no holder, or a holder whose heartbeat is gone or expired) is taken over.
    /// `duration` is the claim's own `leaseDurationSeconds`, what a reader that knows only Leases goes by: the
    /// longest the holder may keep it.
    public func claim(_ name: String, namespace: String, duration: Duration, now: Date = Date()) async throws(KubeError) -> LeaseAcquisition {
        let current = try await reads.object(.leases, namespace: namespace, name: name).map(Lease.init)
        return try await claim(name, namespace: namespace, duration: duration, now: now, current: current)
    }

    private func claim(_ name: String, namespace: String, duration: Duration, now: Date, current: Lease?) async throws(KubeError) -> LeaseAcquisition {
        let client = reads.client
        let seconds = max(1, Int(duration.components.seconds))
        let time = JSON.string(MicroTime.format(now))
        guard let existing = current else {
            var raw = Lease.skeleton(name: name, namespace: namespace)
            raw[path: ["metadata", "annotations"]] = [Self.heartbeatAnnotation: .string(heartbeatReference)]
            raw["spec"] = ["holderIdentity": .string(holder), "leaseDurationSeconds": .int(seconds),
                           "acquireTime": time, "renewTime": time, "leaseTransitions": 0]
            do {
                return .acquired(Lease(try await client.create(.leases, namespace: namespace, raw)))
            } catch where error.isAlreadyExists {
                return try await claim(name, namespace: namespace, duration: duration, now: now,
                                       current: try await client.lease(name, namespace: namespace))
            }
        }
        let mine = existing.holderIdentity == holder
        if mine, existing.raw.annotations[Self.heartbeatAnnotation] == heartbeatReference { return .acquired(existing) }
        if !mine, let other = existing.holderIdentity, let until = try await heldUntil(existing, holder: other, now: now) {
            return .heldBy(holder: other, until: until)
        }
        var raw = existing.raw
        raw[path: ["metadata", "annotations", Self.heartbeatAnnotation]] = .string(heartbeatReference)
        raw[path: ["spec", "holderIdentity"]] = .string(holder)
        raw[path: ["spec", "leaseDurationSeconds"]] = .int(seconds)
        raw[path: ["spec", "renewTime"]] = time
        if !mine {
            raw[path: ["spec", "acquireTime"]] = time
            raw[path: ["spec", "leaseTransitions"]] = .int(existing.leaseTransitions + (existing.holderIdentity == nil ? 0 : 1))
        }
        do {
            return .acquired(Lease(try await client.update(.leases, namespace: namespace, raw)))
        } catch where error.isConflict {
            // Someone wrote in between: look again, live (it may now be held by them).
            return try await claim(name, namespace: namespace, duration: duration, now: now,
                                   current: try await client.lease(name, namespace: namespace))
        }
    }

    /// Until when `other` holds `claim` (nil = it is free). The heartbeat is read live, not from the cache:
    /// a cache may not have seen a heartbeat written (or deleted) a moment ago, and this read happens only
    /// when a claim is contended.
    private func heldUntil(_ claim: Lease, holder other: String, now: Date) async throws(KubeError) -> Date? {
        let parts = claim.raw.annotations[Self.heartbeatAnnotation]?.split(separator: "/", maxSplits: 1).map(String.init) ?? []
        guard parts.count == 2 else { return claim.isFree(at: now) ? nil : claim.expiry }
        guard let heartbeat = try await reads.client.lease(parts[1], namespace: parts[0]),
              heartbeat.holderIdentity == other, !heartbeat.isFree(at: now) else { return nil }
        return heartbeat.expiry
    }

    /// Gives the claim back if this holder has it (clears holderIdentity and the heartbeat); false when it did not.
    @discardableResult
    public func giveBack(_ name: String, namespace: String) async throws(KubeError) -> Bool {
        var current = try await reads.object(.leases, namespace: namespace, name: name).map(Lease.init)
        while let existing = current, existing.holderIdentity == holder {
            var raw = existing.raw
            raw[path: ["spec", "holderIdentity"]] = .null
            raw["spec"] = .object((raw["spec"].objectValue ?? [:]).filter { !$0.value.isNull })
            var annotations = raw[path: ["metadata", "annotations"]].objectValue ?? [:]
            annotations[Self.heartbeatAnnotation] = nil
            raw[path: ["metadata", "annotations"]] = .object(annotations)
            do {
                _ = try await reads.client.update(.leases, namespace: namespace, raw)
                return true
            } catch where error.isConflict {
                current = try await reads.client.lease(name, namespace: namespace)
            }
        }
        return false
    }
}
