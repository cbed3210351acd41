import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import TandemStore
import TandemRelease
import TandemReleaseFixtures

/// A store with one release waiting at checkpoint "qa", and users alice (qa), bob (ops), ci-bot (the starter).
struct Harness {
    let store: ReleaseStore
    let env: ServerEnvironment
    let releaseID: String
    let tokens: [String: String]

    static let planHash = "sha256:aaaa1111"

    static func make(qa: ApprovalPolicy = ApprovalPolicy(requiredApprovals: 1, approvers: ["group:qa"]),
                     signer: SessionSigner = SessionSigner(secret: Data(repeating: 7, count: 32))) async throws -> Harness {
        let store = try ReleaseStore.inMemory()
        var users = UsersFile()
        var tokens: [String: String] = [:]
        for (name, groups) in [("alice", ["qa"]), ("bob", ["ops"]), ("ci-bot", ["qa"]), ("carol", ["qa"])] {
            let (next, token) = try users.adding(name: name, groups: groups)
            users = next
            tokens[name] = token
        }
        // `release start plans/loan-app.yaml --version v2` by ci-bot, the engine's program; `qa` replaces the plan's policy.
        var recorded = try ExampleReleases.newRelease(plan: "loan-app.yaml", version: "v2", startedBy: "ci-bot")
        recorded.plan.hash = planHash
        recorded.checkpoints = [PlannedCheckpoint(name: "qa", policy: qa)]
        let release = try await store.startRelease(recorded)
        try await store.openCheckpoint(release.id, name: "qa")
        let frozen = users
        let env = ServerEnvironment(store: store, users: { frozen }, signer: signer,
                                    ssePoll: .milliseconds(20), sseHeartbeat: .seconds(15))
        return Harness(store: store, env: env, releaseID: release.id, tokens: tokens)
    }

    var app: some ApplicationProtocol { Application(router: TandemServerApp.router(env)) }

    func bearer(_ name: String) -> HTTPFields { [.authorization: "Bearer \(tokens[name]!)"] }

    func json(_ name: String, _ body: String) -> HTTPFields {
        [.authorization: "Bearer \(tokens[name]!)", .contentType: "application/json"]
    }
}

func text(_ response: TestResponse) -> String { String(buffer: response.body) }

func jsonObject(_ response: TestResponse) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
}
