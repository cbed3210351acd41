import ArgumentParser
import TandemStore

/// `tandem reject <id> [--checkpoint C] --by U --reason R`
struct RejectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Reject the checkpoint a release waits at; the driving process rolls the release back (exit 4).",
        discussion: """
        Example:
          tandem reject r-20261122-010203-ab12 --checkpoint qa --by alice --reason "login page broken"
          tandem release resume r-20261122-010203-ab12 --sim
          tandem reject r-20261122-010203-ab12 --server https://tandem.example.com --reason "login page broken"
        """)

    @Argument(help: "The release id.") var id: String
    @Option(help: "Why (required; recorded in the audit trail).") var reason: String
    @OptionGroup var decision: DecisionOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        if remote.isRemote {
            try await RemoteDecision(options: decision, remote: remote, releaseID: id).reject(reason: reason)
            return
        }
        let identity = try decision.identity()
        let store = try state.open()
        do {
            let outcome = try await store.recordRejection(
                releaseID: id, checkpoint: decision.checkpoint, by: identity.name, source: identity.source, reason: reason,
                planHash: try decision.planHash(), groups: try decision.groups())
            say("checkpoint \"\(outcome.checkpoint.name)\" of release \(id) rejected by \(identity.name); roll it back with: tandem release resume \(id)")
        } catch let failure as ReportedFailure {
            throw failure
        } catch {
            throw CLIFailure(error)
        }
    }
}
