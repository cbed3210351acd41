import ArgumentParser
import TandemEngine
import TandemPlan
import TandemStore

/// `tandem release promote <id> --to E [--change CHG]... [--wait] [--timeout D]`
struct ReleasePromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Start the next environment's release with exactly the versions of a release.",
        discussion: """
        Uses the plan stored with release <id> and its versions, released to environment --to: its kubeconfig \
        context, namespace, checkpoints and gates. When --to requires an environment, those versions must have \
        succeeded there (exit 2 naming what is missing otherwise). The new release records the one it was \
        promoted from. It is an ordinary release: exit 3 at a checkpoint or while its gates wait (the output \
        says what for), 4 when a gate rejects it and it rolled back.

        Example:
          tandem release promote r-20261122-010203-ab12 --to production --change CHG0030001
        """)

    @Argument(help: "The release whose versions to promote.") var id: String
    @Option(name: .customLong("to"), help: "The environment to release them to.") var environment: String
    @Option(name: .customLong("change"), help: "A ServiceNow change number the release's servicenow gates check (repeatable).")
    var changes: [String] = []
    @Flag(help: "Wait at checkpoints until they are decided instead of exiting 3.") var wait = false
    @Option(help: "With --wait: give up waiting after this long (e.g. 30m), exit 3.") var timeout: String?
    @Option(help: "Who starts the release (default: TANDEM_USER, then CI user variables).") var by: String?
    @Option(help: "Output: text (one line per event) or json (one object per event).") var output: OutputFormat = .text
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions
    @Flag(name: .customLong("allow-argocd-managed"),
          help: "Direct mode: release even when Argo CD Applications manage the plan's Rollouts (they may revert the release).")
    var allowArgoCDManaged = false

    func run() async throws {
        let limit = try parseTimeout(timeout)
        let store = try state.open()
        let source: ReleaseRecord
        do { source = try await store.release(id) } catch { throw CLIFailure(error) }
        let plan = try StoredReleasePlan.load(source)
        let target: (plan: TandemPlan.ReleasePlan, environment: TandemPlan.Environment?)
        do { target = try EnvironmentSelection.resolve(plan, environment: environment, option: "--to") } catch {
            throw CLIFailure("cannot promote \(id): \(error)", .invalidInput)
        }
        let starter = StarterIdentity.resolve(by: by)
        let request = ReleaseRequest(plan: target.plan, planContent: source.planContent, planPath: source.planPath,
                                     planCommit: source.planCommit, versions: source.versions, startedBy: starter.name,
                                     startedBySource: starter.source, environment: environment, promotedFrom: source.id,
                                     changes: changes)
        try await LocalReleaseStart(request: request, environment: target.environment, cluster: cluster, progress: progress,
                                    allowArgoCDManaged: allowArgoCDManaged, wait: wait, timeout: limit, json: output == .json)
            .run(store: store)
    }
}
