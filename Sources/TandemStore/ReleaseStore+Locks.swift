import Foundation
import GRDB
import TandemRelease

/// Locks are rows of `locks`, one per key (`LockRecord.key(rollout:namespace:)` for the engine, one per
/// Rollout a release may change). A release takes all its keys at once or none.
extension ReleaseStore {
    /// Takes the lock on every key for `releaseID`, for `ttl` seconds, in one transaction: all or none.
    /// Re-entrant for the same release on the same host and pid (renews). A lock held by anyone else is
    /// taken over only once it expired — or at once when it is the same release's, on this host, and its
    /// pid is gone (resume after a crash), or parked at a checkpoint; otherwise throws `lockHeld` naming the holder.
    @discardableResult
    public func acquireLocks(keys: [String], releaseID: String, ttl: TimeInterval) async throws -> [LockRecord] {
        try await write { db in
            try keys.map { try acquireLock(db, key: $0, releaseID: releaseID, ttl: ttl) }
        }
    }

    /// Extends every lock by `ttl` from now; throws `lockLost` when this release/process no longer holds one.
    @discardableResult
    public func renewLocks(keys: [String], releaseID: String, ttl: TimeInterval) async throws -> [LockRecord] {
        try await write { db in
            try keys.map { key in
                guard var lock = try LockRecord.fetchOne(db, key: key), isMine(lock, releaseID), lock.expiresAt > now() else {
                    throw StoreError.lockLost(key: key, releaseID: releaseID, holder: try LockRecord.fetchOne(db, key: key))
                }
                lock.expiresAt = now().addingTimeInterval(ttl)
                try lock.update(db)
                return lock
            }
        }
    }

    /// Keeps the locks for `releaseID` for `ttl` seconds with no process driving it: the release stopped at a
    /// checkpoint and its process exits. Whoever resumes the release (any host) takes them over at once;
    /// another release still finds them held.
    @discardableResult
    public func parkLocks(keys: [String], releaseID: String, ttl: TimeInterval) async throws -> [LockRecord] {
        try await write { db in
            try keys.map { key in
                var lock = try acquireLock(db, key: key, releaseID: releaseID, ttl: ttl)
                lock.pid = LockRecord.parkedPID
                try lock.update(db)
                return lock
            }
        }
    }

    /// Gives up every lock `releaseID` holds (from any process: the release finished). Returns how many.
    @discardableResult
    public func releaseLocks(releaseID: String) async throws -> Int {
        try await write { db in try releaseLocks(db, releaseID: releaseID) }
    }

    /// The current holder of `key`, expired or not.
    public func lock(key: String) async throws -> LockRecord? {
        try await writer.read { db in try LockRecord.fetchOne(db, key: key) }
    }

    func acquireLock(_ db: Database, key: String, releaseID: String, ttl: TimeInterval) throws -> LockRecord {
        let at = now()
        let mine = LockRecord(key: key, releaseID: releaseID, host: process.host, pid: process.pid,
                              acquiredAt: at, expiresAt: at.addingTimeInterval(ttl))
        if let held = try LockRecord.fetchOne(db, key: key) {
            if isMine(held, releaseID) {
                var renewed = held
                renewed.expiresAt = mine.expiresAt
                try renewed.update(db)
                return renewed
            }
            let why: String
            if held.expiresAt <= at {
                why = "it expired at \(TandemJSON.format(held.expiresAt))"
            } else if held.releaseID == releaseID, held.pid == LockRecord.parkedPID {
                why = "the release was waiting at a checkpoint and no process was driving it"
            } else if held.releaseID == releaseID, held.host == process.host, !isProcessAlive(held.pid) {
                why = "pid \(held.pid) is gone (a crashed run of the same release)"
            } else {
                throw StoreError.lockHeld(key: key, holder: held)
            }
            try mine.update(db)
            try appendEvent(db, releaseID: releaseID, kind: EventKind.lockTakenOver,
                            message: "took over the lock for \(key) from \(held.holderDescription): \(why)")
            return mine
        }
        try mine.insert(db)
        try appendEvent(db, releaseID: releaseID, kind: EventKind.lockAcquired,
                        message: "lock for \(key) acquired by host \(process.host), pid \(process.pid)")
        return mine
    }

    @discardableResult
    func releaseLocks(_ db: Database, releaseID: String) throws -> Int {
        let held = try LockRecord.filter(LockRecord.Columns.releaseID == releaseID).order(LockRecord.Columns.key).fetchAll(db)
        for lock in held {
            try lock.delete(db)
            try appendEvent(db, releaseID: releaseID, kind: EventKind.lockReleased, message: "lock for \(lock.key) released")
        }
        return held.count
    }

    private func isMine(_ lock: LockRecord, _ releaseID: String) -> Bool {
        lock.releaseID == releaseID && lock.host == process.host && lock.pid == process.pid
    }
}
