import Foundation
import TandemEngine
import TandemStore

/// Turns the outcome of a drive into a notification, enqueued at most once per release, event,
/// checkpoint and webhook: a resume that finds the release still waiting, or a second drive of a
/// finished release, enqueues nothing new. Every process that drives releases calls it — the CLI's
/// `start/resume/abort/rollback` and the server's `ReleaseHost`.
public struct ReleaseNotifier: Sendable {
    public var composer: NotificationComposer
    public var store: ReleaseStore

    public init(composer: NotificationComposer, store: ReleaseStore) {
        self.composer = composer
        self.store = store
    }

    /// The notifier for a database, from the settings `tandem serve` saved beside it; nil without webhooks.
    public static func besideDatabase(of store: ReleaseStore) -> ReleaseNotifier? {
        guard store.location.hasPrefix("/") || FileManager.default.fileExists(atPath: store.location),
              let composer = NotificationComposer.load(besideDatabase: store.location), !composer.targets.isEmpty
        else { return nil }
        return ReleaseNotifier(composer: composer, store: store)
    }

    /// The event an outcome is notified as, and the checkpoint it concerns (part of the outbox key).
    public static func notification(for outcome: ReleaseOutcome) -> (event: String, checkpoint: String?) {
        switch outcome {
        case .waiting(let checkpoint, _): (NotificationComposer.checkpointWaiting, checkpoint)
        case .succeeded: (NotificationComposer.releaseSucceeded, nil)
        case .rolledBack: (NotificationComposer.rollbackFinished, nil)
        case .failed: (NotificationComposer.releaseFailed, nil)
        }
    }

    /// Enqueues the outcome's notification, its message the summary's headline; returns how many outbox
    /// rows were added (0 when filtered out or already enqueued).
    @discardableResult
    public func notify(_ outcome: ReleaseOutcome, releaseID: String) async throws -> Int {
        try await notify(outcome, summary: try await ReleaseSummary.load(outcome, releaseID: releaseID, store: store))
    }

    /// The same, with the summary the caller already has.
    @discardableResult
    public func notify(_ outcome: ReleaseOutcome, summary: ReleaseSummary) async throws -> Int {
        let (event, checkpoint) = Self.notification(for: outcome)
        return try await composer.enqueueOnce(event, releaseID: summary.releaseID, checkpoint: checkpoint,
                                              message: summary.headline, store: store)
    }
}

extension NotificationComposer {
    /// The outbox key of one notification: release, event, checkpoint, webhook URL.
    public static func dedupKey(event: String, releaseID: String, checkpoint: String?, url: String) -> String {
        [releaseID, event, checkpoint ?? "", url].joined(separator: "|")
    }

    /// Like `enqueue`, but a notification already enqueued for the same release, event, checkpoint and
    /// webhook is not enqueued again. Returns how many rows were added.
    @discardableResult
    public func enqueueOnce(_ event: String, releaseID: String, checkpoint: String?, message: String,
                            store: ReleaseStore) async throws -> Int {
        guard events?.contains(event) ?? true, !targets.isEmpty else { return 0 }
        let release = ReleaseSummaryView(try await store.release(releaseID))
        var added = 0
        for target in targets {
            let key = Self.dedupKey(event: event, releaseID: releaseID, checkpoint: checkpoint, url: target.url)
            if try await store.enqueueNotificationOnce(url: target.url, event: event,
                                                       body: body(for: target, event: event, release: release, message: message),
                                                       releaseID: releaseID, dedupKey: key) != nil {
                added += 1
            }
        }
        return added
    }
}
