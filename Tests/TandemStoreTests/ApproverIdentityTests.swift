import Testing
import TandemStore

@Suite("ApproverIdentity")
struct ApproverIdentityTests {
    @Test("--by, then TANDEM_USER, then CI variables; the source says which", arguments: [
        ("bob", [:], "bob", "flag:--by"),
        (nil, ["TANDEM_USER": "carol", "GITHUB_ACTOR": "gh"], "carol", "env:TANDEM_USER"),
        (nil, ["GITHUB_ACTOR": "octocat"], "octocat", "ci:github-actions (GITHUB_ACTOR)"),
        ("  ", ["GITLAB_USER_LOGIN": "gl"], "gl", "ci:gitlab (GITLAB_USER_LOGIN)"),
    ] as [(String?, [String: String], String, String)])
    func resolve(_ by: String?, _ env: [String: String], _ name: String, _ source: String) throws {
        #expect(try ApproverIdentity.resolve(by: by, environment: env) == ApproverIdentity(name: name, source: source))
    }

    @Test("no identity at all is an error saying to pass --by")
    func none() {
        #expect(throws: StoreError.noIdentity) { try ApproverIdentity.resolve(by: nil, environment: ["USER": "root"]) }
        #expect(StoreError.noIdentity.description == "who is deciding? pass --by USER or set TANDEM_USER")
    }
}
