import Foundation
import GRDB

extension ReleaseStore {
    /// Takes the lock for one active release per plan and namespace, for `ttl` seconds.
    /// Re-entrant for the same release on the same host and pid (renews). A lock held by anyone else is
    /// taken over only once it expired — or at once when it is the same release's, on this host, and its
    /// pid is gone (resume after a crash); otherwise throws `lockHeld` naming the holder.
    @discardableResult
    public func acquireLock(plan: String, namespace: String, releaseID: String, ttl: TimeInterval) async throws -> LockRecord {
        try await writer.write { db in
            try acquireLock(db, key: LockRecord.key(plan: plan, namespace: namespace), releaseID: releaseID, ttl: ttl)
        }
    }

    /// Extends the lock by `ttl` from now; throws `lockLost` when this release/process no longer holds it.
    @discardableResult
    public func renewLock(plan: String, namespace: String, releaseID: String, ttl: TimeInterval) async throws -> LockRecord {
        let key = LockRecord.key(plan: plan, namespace: namespace)
        return try await writer.write { db in
            guard var lock = try LockRecord.fetchOne(db, key: key), isMine(lock, releaseID), lock.expiresAt > now() else {
                throw StoreError.lockLost(key: key, releaseID: releaseID, holder: try LockRecord.fetchOne(db, key: key))
            }
            lock.expiresAt = now().addingTimeInterval(ttl)
            try lock.update(db)
            return lock
        }
    }

    /// Keeps the lock for `releaseID` for `ttl` seconds with no process driving it: the release stopped at a
    /// checkpoint and its process exits. Whoever resumes the release (any host) takes it over at once;
    /// another release still finds it held.
    @discardableResult
    public func parkLock(plan: String, namespace: String, releaseID: String, ttl: TimeInterval) async throws -> LockRecord {
        let key = LockRecord.key(plan: plan, namespace: namespace)
        return try await writer.write { db in
            var lock = try acquireLock(db, key: key, releaseID: releaseID, ttl: ttl)
            lock.pid = LockRecord.parkedPID
            try lock.update(db)
            return lock
        }
    }

    /// Gives the lock up if `releaseID` holds it (from any process: the release finished). Returns whether it did.
    @discardableResult
    public func releaseLock(plan: String, namespace: String, releaseID: String) async throws -> Bool {
        try await writer.write { db in
            try releaseLock(db, key: LockRecord.key(plan: plan, namespace: namespace), releaseID: releaseID)
        }
    }

    /// The current holder, expired or not.
    public func lock(plan: String, namespace: String) async throws -> LockRecord? {
        try await writer.read { db in try LockRecord.fetchOne(db, key: LockRecord.key(plan: plan, namespace: namespace)) }
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
    func releaseLock(_ db: Database, key: String, releaseID: String) throws -> Bool {
        guard let held = try LockRecord.fetchOne(db, key: key), held.releaseID == releaseID else { return false }
        try held.delete(db)
        try appendEvent(db, releaseID: releaseID, kind: EventKind.lockReleased, message: "lock for \(key) released")
        return true
    }

    private func isMine(_ lock: LockRecord, _ releaseID: String) -> Bool {
        lock.releaseID == releaseID && lock.host == process.host && lock.pid == process.pid
    }
}
