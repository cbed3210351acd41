import Foundation
import GRDB

/// When to retry a failed notification: exponential, capped, and a limit after which it is given up.
public struct OutboxBackoff: Sendable, Equatable {
    public var initial: TimeInterval
    public var factor: Double
    public var maximum: TimeInterval
    public var maxAttempts: Int

    public init(initial: TimeInterval = 5, factor: Double = 2, maximum: TimeInterval = 600, maxAttempts: Int = 10) {
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
        self.maxAttempts = maxAttempts
    }

    /// The delay after the `attempts`-th failed attempt (1-based); nil when it is time to give up.
    public func delay(afterAttempt attempts: Int) -> TimeInterval? {
        guard attempts < maxAttempts else { return nil }
        return min(maximum, initial * pow(factor, Double(max(0, attempts - 1))))
    }
}

extension ReleaseStore {
    /// Queues a notification, due now.
    @discardableResult
    public func enqueueNotification(url: String, event: String, body: String, releaseID: String? = nil) async throws -> OutboxRecord {
        try await write { db in
            var message = OutboxRecord(id: nil, releaseID: releaseID, url: url, event: event, body: body, attempts: 0,
                                       nextAttemptAt: now(), deliveredAt: nil, lastError: nil, createdAt: now())
            try message.insert(db)
            return message
        }
    }

    /// Claims up to `limit` due notifications: counts the attempt and hides each for `lease` seconds, so two
    /// deliverers never send the same one at once. Call `markDelivered` or `markFailed` for each.
    public func claimDueNotifications(limit: Int = 10, lease: TimeInterval = 60) async throws -> [OutboxRecord] {
        try await write { db in
            let at = now()
            var due = try OutboxRecord
                .filter(OutboxRecord.Columns.nextAttemptAt != nil && OutboxRecord.Columns.nextAttemptAt <= StoredTime.text(at))
                .order(OutboxRecord.Columns.nextAttemptAt, OutboxRecord.Columns.id)
                .limit(limit).fetchAll(db)
            for index in due.indices {
                due[index].attempts += 1
                due[index].nextAttemptAt = at.addingTimeInterval(lease)
                try due[index].update(db)
            }
            return due
        }
    }

    public func markNotificationDelivered(_ id: Int64) async throws {
        try await write { db in
            guard var message = try OutboxRecord.fetchOne(db, key: id) else { throw StoreError.unknownOutboxMessage(id: id) }
            message.deliveredAt = now()
            message.nextAttemptAt = nil
            message.lastError = nil
            try message.update(db)
        }
    }

    /// Records a failed attempt; schedules the next per `backoff`, or gives up (no next attempt).
    @discardableResult
    public func markNotificationFailed(_ id: Int64, error: String, backoff: OutboxBackoff = OutboxBackoff()) async throws -> OutboxRecord {
        try await write { db in
            guard var message = try OutboxRecord.fetchOne(db, key: id) else { throw StoreError.unknownOutboxMessage(id: id) }
            message.lastError = error
            message.nextAttemptAt = backoff.delay(afterAttempt: message.attempts).map { now().addingTimeInterval($0) }
            try message.update(db)
            return message
        }
    }

    /// Every notification, newest first (for the dashboard and tests).
    public func notifications(limit: Int = 100) async throws -> [OutboxRecord] {
        try await writer.read { db in
            try OutboxRecord.order(OutboxRecord.Columns.id.desc).limit(limit).fetchAll(db)
        }
    }
}
