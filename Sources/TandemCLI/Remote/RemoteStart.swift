import Foundation
import TandemStore

/// `tandem release start --server URL` and `tandem release promote --server URL`: submits the release
/// (`POST /api/releases`), prints its id, and follows the release the server drives.
struct RemoteStart {
    let remote: RemoteOptions
    let drive: ReleaseDriveOptions
    let cluster: ClusterOptions

    /// `body`: what the command submits (the plan and versions, or `promotedFrom` and `environment`); the changes
    /// of `--change` are added.
    func run(body: [String: Any], timeout: Duration?) async throws {
        if drive.by != nil {
            throw CLIFailure("--by cannot be used with --server: the server records the token's user as the starter", .invalidInput)
        }
        if cluster.sim || cluster.kubeconfig != nil || cluster.context != nil || cluster.namespace != nil {
            throw CLIFailure("--sim, --kubeconfig, --context and --namespace do not apply with --server: the server drives the release on its own cluster (the plan names the namespace)", .invalidInput)
        }
        let client = try remote.client()
        var body = body
        if !drive.changes.isEmpty { body["changes"] = drive.changes }
        if drive.allowArgoCDManaged { body["allowArgoCDManaged"] = true }
        let view = try client.decode(ReleaseStatusView.self, try await client.post("/api/releases", json: body), conflict: .locked)
        let id = view.release.id
        if !drive.follow.json {
            let promoted = view.release.promotedFrom.map { " from \($0)" } ?? ""
            let environment = view.release.environment.map { " to \($0)\(promoted)" } ?? ""
            say("release \(id) started\(environment) on \(client.base) by \(view.release.startedBy); the server drives it (\(client.base)/releases/\(id))")
        }
        try await RemoteFollower(client: client, releaseID: id, json: drive.follow.json)
            .follow(.drive(wait: drive.follow.wait, timeout: timeout))
    }
}
