import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import Testing

/// Issue 11 item 12: a body over a route's limit answers 413 with a JSON error, not a 500 naming NIOTooManyBytesError.
@Suite("Request bodies over the limit", .serialized)
struct BodyLimitTests {
    static let tenMiB = ByteBuffer(repeating: UInt8(ascii: "a"), count: 10 << 20)

    static func expect413(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status == .contentTooLarge, "\(r.status) \(text(r))", sourceLocation: sourceLocation)
        #expect(r.headers[.contentType]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        #expect((jsonObject(r)["error"] as? String) == "the request body is larger than this route accepts", sourceLocation: sourceLocation)
        #expect(!text(r).contains("NIOTooManyBytesError"), sourceLocation: sourceLocation)
    }

    @Test("a 10 MiB approval, sign-in form or dashboard decision answers 413 with a JSON error")
    func apiAndDashboard() async throws {
        let h = try await Harness.make()
        try await h.app.test(.live) { client in
            Self.expect413(try await client.execute(uri: "/api/releases/\(h.releaseID)/checkpoints/qa/approve", method: .post,
                                                    headers: h.json("alice", ""), body: Self.tenMiB))
            Self.expect413(try await client.execute(uri: "/login", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded"], body: Self.tenMiB))
        }
    }

    @Test("a 10 MiB POST /api/releases answers 413 with a JSON error")
    func submission() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.live) { client in
                Self.expect413(try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"), body: Self.tenMiB))
                #expect(try await w.store.releases().isEmpty)
            }
        }
    }
}
