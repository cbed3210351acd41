import ArgumentParser
import TandemEngine
import TandemPlan
import TandemStore

/// `tandem release rollback <id>`
struct ReleaseRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Start a new release back to the versions before a finished release.",
        discussion: """
        Uses the plan stored with the release and, for the services it changed, the versions that ran when it \
        started. It is an ordinary release: it stops at checkpoints like any other. Only a succeeded release \
        that changed something can be rolled back (exit 2 otherwise; a release still running is aborted instead).

        Example:
          tandem release rollback r-20261122-010203-ab12 --sim
        """)

    @Argument(help: "The release to undo.") var id: String
    @OptionGroup var follow: FollowOptions
    @Option(help: "Who starts the rollback release.") var by: String?
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        let limit = try follow.limit()
        let store = try state.open()
        let release: ReleaseRecord, versions: [String: String]
        do { (release, versions) = try await ReleaseControl.rollbackVersions(of: id, store: store) } catch {
            throw CLIFailure(error)
        }
        let target = try StoredReleasePlan.target(of: release)
        let starter = StarterIdentity.resolve(by: by)
        let request = ReleaseRequest(plan: target.plan, planContent: release.planContent, planPath: release.planPath,
                                     planCommit: release.planCommit, versions: versions, startedBy: starter.name,
                                     startedBySource: starter.source, rollbackOf: id, environment: release.environment)
        try await ReleaseDriver.connectAndDrive(.start(request), cluster: cluster.forEnvironment(target.environment), store: store,
                                                progress: progress, wait: follow.wait, timeout: limit, json: follow.json)
    }
}
