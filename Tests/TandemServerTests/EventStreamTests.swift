import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TandemServer
import TandemStore
import Testing

@Suite("Server-sent events")
struct EventStreamTests {
    @Test("the stream sends stored events, then events appended while it is open, then ends when the release finishes")
    func delivers() async throws {
        let h = try await Harness.make()
        let before = try await h.store.eventViews(of: h.releaseID)
        try await h.app.test(.live) { client in
            let writer = Task {
                try await Task.sleep(for: .milliseconds(100))
                try await h.store.appendEvent(releaseID: h.releaseID, kind: .pairingPinned, message: "pinned backend-preview")
                try await h.store.setReleaseState(h.releaseID, to: .rollingBack, message: "test")
                try await h.store.setReleaseState(h.releaseID, to: .rolledBack)
            }
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/events", method: .get, headers: h.bearer("bob"))
            try await writer.value
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/event-stream")
            let body = text(r)
            let all = try await h.store.eventViews(of: h.releaseID)
            #expect(all.count > before.count + 1)
            for event in all { #expect(body.contains(try EventStreamFrame.frame(event))) }
            #expect(body.contains("event: pairing.pinned"))
            #expect(body.hasSuffix("event: end\ndata: {}\n\n"))
        }
    }

    @Test("Last-Event-ID resumes after the given id")
    func resumes() async throws {
        let h = try await Harness.make()
        try await h.store.setReleaseState(h.releaseID, to: .rollingBack, message: "test")
        try await h.store.setReleaseState(h.releaseID, to: .rolledBack)
        let all = try await h.store.eventViews(of: h.releaseID)
        let cut = all[1].id
        try await h.app.test(.router) { client in
            var headers = h.bearer("bob")
            headers[HTTPTypes.HTTPField.Name("Last-Event-ID")!] = String(cut)
            let r = try await client.execute(uri: "/api/releases/\(h.releaseID)/events", method: .get, headers: headers)
            let ids = text(r).split(separator: "\n").filter { $0.hasPrefix("id: ") }.map { Int64($0.dropFirst(4))! }
            #expect(ids == all.map(\.id).filter { $0 > cut })
        }
    }
}

/// The frame format the server writes (kept in the test so a format change is noticed).
enum EventStreamFrame {
    static func frame(_ event: EventView) throws -> String {
        "id: \(event.id)\nevent: \(event.kind)\ndata: \(try TandemJSON.string(event))\n\n"
    }
}
