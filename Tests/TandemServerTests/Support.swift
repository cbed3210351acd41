import Foundation
import Hummingbird
import HummingbirdTesting
import TandemServer
import TandemStore
import TandemRelease

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
        let release = try await store.startRelease(NewRelease(
            plan: PlanSnapshot(name: "loan-app", namespace: "legacy", content: "kind: ReleasePlan", hash: planHash),
            versions: ["backend": "v2", "frontend": "v2"], startedBy: "ci-bot", startedBySource: "flag:--by",
            steps: [
                PlannedStep(kind: .deploy, service: "backend", wave: 0),
                PlannedStep(kind: .deploy, service: "frontend", wave: 1),
                PlannedStep(kind: .checkpoint, checkpoint: "qa"),
                PlannedStep(kind: .promote, service: "frontend", wave: 0),
                PlannedStep(kind: .collectGarbage),
            ],
            checkpoints: [PlannedCheckpoint(name: "qa", policy: qa)]))
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
