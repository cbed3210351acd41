import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import Testing

/// `POST /api/releases` checks versions with the same OCI tag grammar as the CLI (TandemPlan's
/// ImageTag): 422 quoting the bad value, and nothing recorded.
@Suite("Submitted versions (POST /api/releases)", .serialized)
struct SubmissionVersionTests {
    static let rule = "an image tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-' (e.g. 2.0.1)"

    @Test("an invalid version, a whitespace-only and an empty set tag are 422 quoting the value; nothing is recorded")
    func invalidVersionsAre422() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let cases: [(version: String?, set: [String: String]?, error: String)] = [
                    ("x y/../z", nil, "\"version\": \"x y/../z\" is not a valid image tag (it contains \" \"); \(Self.rule)"),
                    ("<script>", nil, "\"version\": \"<script>\" is not a valid image tag (it contains \"<\"); \(Self.rule)"),
                    ("2.0", ["api": " "], "\"set\" for api: \" \" is not a valid image tag (it contains \" \"); \(Self.rule)"),
                    (nil, ["web": ""], "\"set\" for web: \"\" is not a valid image tag (it is empty); \(Self.rule)"),
                ]
                for testCase in cases {
                    let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                     body: ServerWorld.submission(version: testCase.version, set: testCase.set))
                    #expect(r.status == .unprocessableContent, "\(text(r))")
                    #expect(jsonObject(r)["error"] as? String == testCase.error)
                }
                #expect(try await w.store.releases().isEmpty)
            }
        }
    }

    @Test("a valid per-service tag is accepted")
    func validSetIsAccepted() async throws {
        try await ServerWorld.with { w in
            try await w.app.test(.router) { client in
                let r = try await client.execute(uri: "/api/releases", method: .post, headers: w.headers("ci-bot"),
                                                 body: ServerWorld.submission(version: "2.0", set: ["api": "v2.0.1-rc_1"]))
                #expect(r.status == .created, "\(text(r))")
                #expect(jsonObject(r)["versions"] as? [String: String] == ["api": "v2.0.1-rc_1", "web": "2.0"])
                await w.host.idle()
            }
        }
    }
}
