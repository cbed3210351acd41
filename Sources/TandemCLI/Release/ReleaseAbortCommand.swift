import ArgumentParser
import TandemEngine
import TandemStore

/// `tandem release abort <id> [--reason R]`
struct ReleaseAbortCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abort",
        abstract: "Roll a release back in the safe order (consumers first), keeping services paired.",
        discussion: """
        Records the request; when no other process drives the release, this command rolls it back itself \
        (exit 4 when complete, 5 when not). Otherwise the driving process rolls back at its next step boundary. \
        On a failed release (rollback incomplete, exit 5 before) it retries the rollback: fix what the failure \
        named first.

        Example:
          tandem release abort r-20261122-010203-ab12 --reason "QA found a bug" --sim
        """)

    @Argument(help: "The release id.") var id: String
    @Option(help: "Why (recorded in the audit trail).") var reason: String = "aborted by request"
    @Option(help: "Who aborts (default: TANDEM_USER, then CI user variables).") var by: String?
    @Option(help: "Output: text or json.") var output: OutputFormat = .text
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        let store = try state.open()
        let who = StarterIdentity.resolve(by: by)
        let release: ReleaseRecord
        do {
            release = try await store.release(id)
            if release.state != .failed { try await ReleaseControl.requestAbort(id, reason: reason, by: who.name, store: store) }
        } catch {
            throw CLIFailure(error)
        }
        let after = try await store.lastEventID()
        // A held lock means another process drives the release — except for a failed release, which no
        // process drives: there it is another release's, and the command exits 6.
        do {
            try await ReleaseDriver.connectAndDrive(.recorded(release), cluster: cluster.forRelease(release), store: store,
                                                    progress: progress, wait: false, timeout: nil, json: output == .json,
                                                    printFrom: after, retryingRollbackBy: release.state == .failed ? who.name : nil)
        } catch let failure as CLIFailure where failure.exitStatus == .locked && release.state != .failed {
            say("abort of \(id) recorded; the process driving it rolls it back at its next step (\(failure.description))")
        }
    }
}
