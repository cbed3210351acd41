import Foundation
import TandemStore

/// A webhook the server posts notifications to. `slack` bodies are `{"text": "tandem (plan): message <url|release page>"}`
/// (Slack incoming webhooks); `json` bodies are `{"event", "release", "message", "url", …}`.
public struct WebhookTarget: Sendable, Equatable {
    public enum Format: String, Sendable { case slack, json }
    public var url: String
    public var format: Format

    public init(url: String, format: Format) { self.url = url; self.format = format }

    /// `slack:https://…` or a `hooks.slack.com` URL → Slack format; anything else → generic JSON.
    public init(spec: String) {
        if spec.hasPrefix("slack:") { self.init(url: String(spec.dropFirst(6)), format: .slack) }
        else if spec.hasPrefix("json:") { self.init(url: String(spec.dropFirst(5)), format: .json) }
        else { self.init(url: spec, format: spec.contains("hooks.slack.com") ? .slack : .json) }
    }
}

/// Composes a notification per webhook and enqueues it in the store's outbox, where the server's
/// `NotificationWorker` delivers it. The engine calls `enqueue` when a release waits at a checkpoint,
/// succeeds, fails or finishes a rollback.
public struct NotificationComposer: Sendable {
    public static let checkpointWaiting = "checkpoint-waiting"
    public static let releaseSucceeded = "release-succeeded"
    public static let releaseFailed = "release-failed"
    public static let rollbackFinished = "rollback-finished"
    public static let allEvents = [checkpointWaiting, releaseSucceeded, releaseFailed, rollbackFinished]

    public var targets: [WebhookTarget]
    /// Which events are sent (`--notify-events`); nil means all.
    public var events: Set<String>?
    /// The dashboard's base URL, e.g. `https://tandem.example.com` (links in the messages).
    public var baseURL: String

    public init(targets: [WebhookTarget], events: Set<String>? = nil, baseURL: String) {
        self.targets = targets
        self.events = events
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    public func releaseURL(_ releaseID: String) -> String { "\(baseURL)/releases/\(releaseID)" }

    /// The body for one target.
    public func body(for target: WebhookTarget, event: String, release: ReleaseSummaryView, message: String) -> String {
        let url = releaseURL(release.id)
        switch target.format {
        case .slack:
            // The message names the release and what happened to it (`ReleaseSummary.headline`).
            let text = "tandem (\(release.plan)): \(message) <\(url)|release page>"
            return JSONValue.object(["text": .string(text)]).text
        case .json:
            return JSONValue.object([
                "event": .string(event), "release": .string(release.id), "plan": .string(release.plan),
                "state": .string(release.state.rawValue), "message": .string(message), "url": .string(url),
            ]).text
        }
    }

    /// Enqueues one notification per target (none when the event is filtered out); returns how many.
    @discardableResult
    public func enqueue(_ event: String, releaseID: String, message: String, store: ReleaseStore) async throws -> Int {
        guard events?.contains(event) ?? true, !targets.isEmpty else { return 0 }
        let release = ReleaseSummaryView(try await store.release(releaseID))
        for target in targets {
            try await store.enqueueNotification(url: target.url, event: event,
                                                body: body(for: target, event: event, release: release, message: message),
                                                releaseID: releaseID)
        }
        return targets.count
    }
}
