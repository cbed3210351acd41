import TandemStore

/// Another release holds a Rollout of this release, in the store or as its Lease (exit 6).
public struct LockHeldError: Error, Sendable, CustomStringConvertible {
    public var holder: String
    public var description: String

    /// The one wording for "another release holds it", whichever lock (store row or Lease) was lost:
    /// `what` is the held resource ("Rollout legacy/my-backend").
    public static func heldBy(_ holder: String, _ what: String) -> LockHeldError {
        LockHeldError(holder: holder, description: """
            \(what) is held by release \(holder): wait for it to finish (`tandem release status \(holder)`), \
            or abort it with `tandem release abort \(holder)`
            """)
    }

    /// The same release driven by a live process elsewhere (a `--wait` run, another host).
    static func drivenElsewhere(_ holder: LockRecord, lockTTL: Double) -> LockHeldError {
        LockHeldError(holder: holder.releaseID, description: """
            release \(holder.releaseID) is being driven by another process (host \(holder.host), pid \(holder.pid), lock until \
            \(holder.expiresAt)): wait for it, or stop that process; its lock expires \(Int(lockTTL))s \
            after it stops renewing it
            """)
    }
}
