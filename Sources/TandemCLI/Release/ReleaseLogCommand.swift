import ArgumentParser
import TandemStore

/// `tandem release log <id>`
struct ReleaseLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print the audit trail of a release: every step transition, decision, lock and cluster change.",
        discussion: """
        Example:
          tandem release log r-20261122-010203-ab12 --output json
        """)

    @Argument(help: "The release id.") var id: String
    @Option(help: "Output: text or json (one object per event).") var output: OutputFormat = .text
    @OptionGroup var state: StateOptions

    func run() async throws {
        let store = try state.openForReading()
        do { _ = try await store.release(id) } catch { throw CLIFailure(error) }
        _ = try await EventPrinter(json: output == .json).flush(store: store, releaseID: id, after: 0)
    }
}
