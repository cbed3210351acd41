import Foundation
import TandemStore
import TandemRelease

/// `tandem approve|reject ID --server URL`: records the decision through the API; the identity is the token's user.
struct RemoteDecision {
    let options: DecisionOptions
    let remote: RemoteOptions
    let releaseID: String

    private struct Reply: Decodable {
        var checkpoint: String
        var by: String
        var state: CheckpointState
        var approvers: [String]
    }

    func approve(comment: String?) async throws {
        let (client, checkpoint, hash) = try await prepare()
        var body: [String: Any] = [:]
        if let comment { body["comment"] = comment }
        if let hash { body["planHash"] = hash }
        let reply = try client.decode(Reply.self, try await client.post(path(checkpoint, "approve"), json: body))
        if reply.state == .approved {
            say("checkpoint \"\(reply.checkpoint)\" of release \(releaseID) approved by \(reply.approvers.joined(separator: ", ")); a server-driven release continues on its own (follow: tandem release status \(releaseID) --server \(client.base) --watch), else run `tandem release resume \(releaseID)`")
        } else {
            let view = try? client.decode(ReleaseStatusView.self, try await client.get("/api/releases/\(releaseID)"))
            let required = view?.checkpoints.first { $0.name == reply.checkpoint }?.requiredApprovals
            say("\(reply.by) approved checkpoint \"\(reply.checkpoint)\" of release \(releaseID): \(reply.approvers.count) of \(required.map(String.init) ?? "?") approvals")
        }
    }

    func reject(reason: String) async throws {
        let (client, checkpoint, hash) = try await prepare()
        var body: [String: Any] = ["reason": reason]
        if let hash { body["planHash"] = hash }
        let reply = try client.decode(Reply.self, try await client.post(path(checkpoint, "reject"), json: body))
        say("checkpoint \"\(reply.checkpoint)\" of release \(releaseID) rejected by \(reply.by); a server-driven release rolls back on its own, else run `tandem release resume \(releaseID)`")
    }

    private func path(_ checkpoint: String, _ verdict: String) -> String {
        let id = releaseID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? releaseID
        let name = checkpoint.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? checkpoint
        return "/api/releases/\(id)/checkpoints/\(name)/\(verdict)"
    }

    /// The client, the checkpoint (default: the one the release waits at) and the reviewed plan's hash.
    private func prepare() async throws -> (RemoteClient, String, String?) {
        if options.by != nil {
            throw CLIFailure("--by cannot be used with --server: the server records the token's user as the approver (pass that user's --token)", .invalidInput)
        }
        if options.approversFile != nil {
            throw CLIFailure("--approvers-file does not apply with --server: the server's users file defines the groups", .invalidInput)
        }
        let client = try remote.client()
        let hash = try options.planHash()
        if let checkpoint = options.checkpoint { return (client, checkpoint, hash) }
        let view = try client.decode(ReleaseStatusView.self, try await client.get("/api/releases/\(releaseID)"))
        guard let waiting = view.waitingAt else {
            throw CLIFailure("release \(releaseID) is \(view.release.state.rawValue) and waits at no checkpoint; pass --checkpoint NAME to name one", .otherError)
        }
        return (client, waiting, hash)
    }
}
