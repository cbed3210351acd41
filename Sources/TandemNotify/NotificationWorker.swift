import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import TandemStore

/// Posts one notification; throws when the receiver did not answer 2xx.
public typealias WebhookPoster = @Sendable (_ url: String, _ body: String) async throws -> Void

/// Drains the store's outbox: claims due notifications, posts them, marks each delivered or failed
/// (`markNotificationFailed` reschedules with exponential backoff). The outbox is in the database, so a
/// restart loses nothing: an undelivered notification is due again after its lease or backoff.
public struct NotificationWorker: Sendable {
    public var store: ReleaseStore
    public var backoff: OutboxBackoff
    public var lease: TimeInterval
    public var interval: Duration
    public var post: WebhookPoster
    public var logger: Logger

    public init(store: ReleaseStore, backoff: OutboxBackoff = OutboxBackoff(), lease: TimeInterval = 60,
                interval: Duration = .seconds(1), post: @escaping WebhookPoster = NotificationWorker.httpPost,
                logger: Logger = Logger(label: "tandem.notify")) {
        self.store = store
        self.backoff = backoff
        self.lease = lease
        self.interval = interval
        self.post = post
        self.logger = logger
    }

    /// One pass: delivers what is due; returns (delivered, failed).
    @discardableResult
    public func drainOnce() async throws -> (delivered: Int, failed: Int) {
        var delivered = 0, failed = 0
        for message in try await store.claimDueNotifications(limit: 20, lease: lease) {
            guard let id = message.id else { continue }
            do {
                try await post(message.url, message.body)
                try await store.markNotificationDelivered(id)
                delivered += 1
            } catch {
                let after = try await store.markNotificationFailed(id, error: "\(error)", backoff: backoff)
                failed += 1
                let next = after.nextAttemptAt == nil ? "given up" : "will retry"
                logger.warning("notification \(id) to \(message.url) failed (attempt \(after.attempts)): \(error); \(next)")
            }
        }
        return (delivered, failed)
    }

    /// Runs until cancelled.
    public func run() async {
        while !Task.isCancelled {
            do { try await drainOnce() } catch { logger.error("notification worker: \(error)") }
            try? await Task.sleep(for: interval)
        }
    }

    /// POSTs JSON with a 10 s timeout.
    public static let httpPost: WebhookPoster = { url, body in
        guard let target = URL(string: url) else { throw WebhookError(message: "not a URL: \(url)") }
        var request = URLRequest(url: target, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (_, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw WebhookError(message: "the receiver answered HTTP \(status)") }
    }
}

public struct WebhookError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
