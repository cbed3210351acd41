import Foundation
import TandemStore

/// `tandem release start --server URL`: submits the plan and versions (`POST /api/releases`), prints the
/// release id, and follows the release the server drives.
struct RemoteStart {
    let command: ReleaseStartCommand

    func run(content: String, version: String?, sets: [String: String], timeout: Duration?) async throws {
        if command.drive.by != nil {
            throw CLIFailure("--by cannot be used with --server: the server records the token's user as the starter", .invalidInput)
        }
        if command.cluster.sim || command.cluster.kubeconfig != nil || command.cluster.context != nil || command.cluster.namespace != nil {
            throw CLIFailure("--sim, --kubeconfig, --context and --namespace do not apply with --server: the server drives the release on its own cluster (the plan names the namespace)", .invalidInput)
        }
        let client = try command.remote.client()
        var body: [String: Any] = ["plan": content, "planPath": command.plan]
        if let version { body["version"] = version }
        if !sets.isEmpty { body["set"] = sets }
        if let environment = command.environment { body["environment"] = environment }
        if !command.drive.changes.isEmpty { body["changes"] = command.drive.changes }
        if let commit = GitCommit.of(file: command.plan) { body["planCommit"] = commit }
        let view = try client.decode(ReleaseStatusView.self, try await client.post("/api/releases", json: body), conflict: .locked)
        let id = view.release.id
        if !command.drive.follow.json {
            say("release \(id) started on \(client.base) by \(view.release.startedBy); the server drives it (\(client.base)/releases/\(id))")
        }
        try await RemoteFollower(client: client, releaseID: id, json: command.drive.follow.json)
            .follow(.drive(wait: command.drive.follow.wait, timeout: timeout))
    }
}
