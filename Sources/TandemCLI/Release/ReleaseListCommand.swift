import ArgumentParser
import TandemStore

/// `tandem release list [--json]`
struct ReleaseListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List releases, newest first.",
        discussion: """
        Example:
          tandem release list --json
          tandem release list --plan loan-app --env production
        """)

    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Only releases of this plan.") var plan: String?
    @Option(name: .customLong("env"), help: "Only releases to this environment of the plan.") var environment: String?
    @OptionGroup var state: StateOptions

    func run() async throws {
        let store = try state.openForReading()
        let views = try await store.listView(plan: plan, environment: environment)
        if json {
            say(try TandemJSON.string(views, pretty: true))
            return
        }
        if views.isEmpty { say("no releases\(environment.map { " to environment \($0)" } ?? "") in \(store.location)") }
        for view in views {
            let versions = view.versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            let plan = view.plan + (view.environment.map { "@\($0)" } ?? "")
            say("\(view.id)  \(plan)  \(view.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0))  \(TandemJSON.format(view.createdAt))  \(view.startedBy)  \(versions)")
        }
    }
}
