import Foundation
@testable import TandemEngine
import TandemNotify
import TandemServer
import TandemStore
import Testing

@Suite("Release outcomes as notifications")
struct ReleaseNotifierTests {
    @Test("each outcome maps to its event; a repeated outcome (a resume that finds the release still waiting) enqueues nothing")
    func mapping() async throws {
        let h = try await Harness.make()
        let composer = NotificationComposer(targets: [WebhookTarget(spec: "slack:http://127.0.0.1:9/a"), WebhookTarget(spec: "http://127.0.0.1:9/b")],
                                            baseURL: "http://tandem.test")
        let notifier = ReleaseNotifier(composer: composer, store: h.store)
        let report = RollbackReport(failures: [:], states: [:])
        let outcomes: [(ReleaseOutcome, String)] = [
            (.waiting(checkpoint: "qa", timedOut: false), "checkpoint-waiting"),
            (.waiting(checkpoint: "qa", timedOut: true), "checkpoint-waiting"),
            (.waiting(checkpoint: "promote", timedOut: false), "checkpoint-waiting"),
            (.succeeded, "release-succeeded"),
            (.rolledBack(reason: "rejected", report: report), "rollback-finished"),
            (.failed(reason: "stuck", report: report), "release-failed"),
        ]
        var added: [Int] = []
        for (outcome, event) in outcomes {
            #expect(ReleaseNotifier.notification(for: outcome).event == event)
            added.append(try await notifier.notify(outcome, releaseID: h.releaseID))
        }
        // Two webhooks each; the timed-out wait at qa is the same notification as the first.
        #expect(added == [2, 0, 2, 2, 2, 2])
        #expect(try await notifier.notify(.succeeded, releaseID: h.releaseID) == 0)
        let rows = try await h.store.notifications()
        #expect(rows.count == 10)
        #expect(Set(rows.compactMap(\.dedupKey)).count == 10)
        let waiting = rows.filter { $0.event == "checkpoint-waiting" }.map(\.body)
        #expect(waiting.contains { $0.contains("stopped at checkpoint \\\"promote\\\"") }, "\(waiting)")
    }

    @Test("the CLI finds the server's webhook settings in notify.json beside the database; none without it")
    func besideDatabase() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-notify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let store = try ReleaseStore.open(path: dir + "/state.db")
        #expect(ReleaseNotifier.besideDatabase(of: store) == nil)
        try NotificationComposer(targets: [WebhookTarget(spec: "http://127.0.0.1:9/x")], baseURL: "http://t").save(besideDatabase: dir + "/state.db")
        #expect(ReleaseNotifier.besideDatabase(of: store)?.composer.targets.map(\.url) == ["http://127.0.0.1:9/x"])
        #expect(ReleaseNotifier.besideDatabase(of: try ReleaseStore.inMemory()) == nil)
    }
}
