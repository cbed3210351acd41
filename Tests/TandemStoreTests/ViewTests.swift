import Foundation
import Testing
import TandemStore

@Suite("JSON views")
struct ViewTests {
    let clock = ManualClock(Date(timeIntervalSince1970: 1_795_309_323))  // 2026-11-22T01:02:03Z

    @Test("release list --json: an array, newest first, with id, plan, state, versions, startedBy, createdAt in UTC")
    func list() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, idSuffix: { "ab12" })
        try await store.startRelease(Fixture.release())
        let json = try TandemJSON.string(try await store.listView())
        #expect(json == #"[{"changes":[],"createdAt":"2026-11-22T01:02:03Z","environment":null,"finishedAt":null,"id":"r-20261122-010203-ab12","message":null,"namespace":"legacy","plan":"loan-app","planCommit":"0123abcd","planHash":"sha256:aaaa1111","promotedFrom":null,"rollbackOf":null,"startedBy":"ci-bot","state":"running","updatedAt":"2026-11-22T01:02:03Z","versions":{"backend":"v2","frontend":"v2"}}]"#)
    }

    @Test("release status --json adds steps (detail embedded as JSON) and checkpoints with their approvals")
    func status() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, idSuffix: { "ab12" })
        let release = try await store.startRelease(Fixture.release())
        let steps = try await store.steps(of: release.id)
        clock.advance(1.25)
        try await store.markStepRunning(steps[0].id!)
        try await store.markStepSucceeded(steps[0].id!, detail: #"{"hash":"7c9f","replicas":3}"#)
        try await store.openCheckpoint(release.id, name: "qa")
        try await store.recordApproval(releaseID: release.id, checkpoint: nil, by: "bob", source: "flag:--by", comment: "ok")
        let view = try await store.statusView(release.id)
        let object = try #require(JSONValue(text: try TandemJSON.string(view)))
        guard case let .object(fields) = object else { Issue.record("not an object"); return }
        #expect(fields["id"] == .string(release.id) && fields["state"] == .string("waiting"))
        #expect(fields["waitingAt"] == .null)
        guard case let .array(stepViews)? = fields["steps"], case let .array(checkpointViews)? = fields["checkpoints"] else {
            Issue.record("no steps or checkpoints"); return
        }
        #expect(stepViews.count == 10)
        #expect(stepViews[0] == JSONValue(text: #"{"attempt":1,"checkpoint":null,"detail":{"hash":"7c9f","replicas":3},"error":null,"finishedAt":"2026-11-22T01:02:04.250Z","kind":"deploy","ordinal":0,"progress":null,"service":"backend","startedAt":"2026-11-22T01:02:04.250Z","state":"succeeded","wave":1}"#))
        #expect(stepViews[5] == JSONValue(text: #"{"attempt":0,"checkpoint":"qa","detail":null,"error":null,"finishedAt":null,"kind":"checkpoint","ordinal":5,"progress":null,"service":null,"startedAt":null,"state":"pending","wave":null}"#))
        #expect(checkpointViews[0] == JSONValue(text: #"{"approvals":[{"at":"2026-11-22T01:02:04.250Z","by":"bob","comment":"ok","source":"flag:--by","verdict":"approve"}],"approvers":[],"decidedAt":"2026-11-22T01:02:04.250Z","name":"qa","reachedAt":"2026-11-22T01:02:04.250Z","requiredApprovals":1,"state":"approved"}"#))
        let decoded = try TandemJSON.decoder().decode(ReleaseStatusView.self, from: Data(try TandemJSON.string(view).utf8))
        #expect(decoded == view)
    }

    @Test("the waiting checkpoint is named at the top level")
    func waitingAt() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let release = try await store.startRelease(Fixture.release())
        try await store.openCheckpoint(release.id, name: "qa")
        #expect(try await store.statusView(release.id).waitingAt == "qa")
    }

    @Test("events encode with their data embedded")
    func events() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function, idSuffix: { "ab12" })
        try await store.startRelease(Fixture.release())
        let json = try TandemJSON.string(try await store.eventViews())
        #expect(json == #"[{"actor":"ci-bot","at":"2026-11-22T01:02:03Z","data":{"planHash":"sha256:aaaa1111","versions":{"backend":"v2","frontend":"v2"}},"id":1,"kind":"release.started","message":"release of plan loan-app started by ci-bot: backend=v2, frontend=v2","releaseID":"r-20261122-010203-ab12","service":null,"step":null}]"#)
    }

    @Test("timestamps are ISO-8601 UTC and round-trip", arguments: [0.0, 0.25, 1_795_309_323.5, -1.5])
    func timestamps(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        let text = TandemJSON.format(date)
        #expect(text.hasSuffix("Z"))
        #expect(TandemJSON.parse(text) == date)
    }
}
