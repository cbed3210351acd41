import ArgumentParser
import TandemStore

/// `tandem approve <id> [--checkpoint C] --by U [--comment T]`
struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve the checkpoint a release waits at (records who, when, and why; needs no cluster).",
        discussion: """
        The checkpoint's policy applies: distinct approvers, allowed approvers (including group: entries), no \
        self-approval unless the plan allows it, bound to the release and its plan hash. The process that drives \
        the release acts on the decision (`tandem release resume <id>`, or a running --wait).

        With --server URL the decision goes through the server's API and the approver is the token's user \
        (--by is refused); a release the server drives then continues on its own.

        Example:
          tandem approve r-20261122-010203-ab12 --checkpoint qa --by alice --comment "QA passed"
          tandem approve r-20261122-010203-ab12 --server https://tandem.example.com --token "$TANDEM_TOKEN"
        """)

    @Argument(help: "The release id.") var id: String
    @Option(help: "Comment recorded with the approval.") var comment: String?
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        if remote.isRemote {
            try await RemoteDecision(options: decision, remote: remote, releaseID: id).approve(comment: comment)
            return
        }
        let identity = try decision.identity()
        let store = try state.open()
        do {
            let outcome = try await store.recordApproval(
                releaseID: id, checkpoint: decision.checkpoint, by: identity.name, source: identity.source, comment: comment,
                planHash: try decision.planHash(), groups: try decision.groups())
            let name = outcome.checkpoint.name
            if outcome.state == .approved {
                say("checkpoint \"\(name)\" of release \(id) approved by \(outcome.approvers.joined(separator: ", ")); continue with: tandem release resume \(id)")
            } else {
                say("\(identity.name) approved checkpoint \"\(name)\" of release \(id): \(outcome.approvers.count) of \(outcome.checkpoint.requiredApprovals) approvals")
            }
        } catch let failure as ReportedFailure {
            throw failure
        } catch {
            throw CLIFailure(error)
        }
    }
}
