import ArgumentParser
import TandemEngine
import TandemPlan
import TandemStore

/// `tandem release promote <id> --to E [--change CHG]... [--wait] [--timeout D] [--server URL [--token T]]`
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

        With --server URL the promotion is submitted to `tandem serve` (POST /api/releases with promotedFrom, \
        environment and changes): <id> is a release of that server, whose stored plan and versions are used; the \
        server checks what the environment requires as this command does, drives the release on its cluster, and \
        this command follows it with the same output and exit codes.

        Example:
          tandem release promote r-20261122-010203-ab12 --to production --change CHG0030001
          tandem release promote r-20261122-010203-ab12 --to production --server https://tandem.example.com --token "$TANDEM_TOKEN"
        """)

    @Argument(help: "The release whose versions to promote.") var id: String
    @Option(name: .customLong("to"), help: "The environment to release them to.") var environment: String
    @OptionGroup var drive: ReleaseDriveOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions
    @OptionGroup var remote: RemoteOptions

    func run() async throws {
        let limit = try drive.follow.limit()
        if remote.isRemote {
            // The server holds release <id>, its plan and its versions.
            try await RemoteStart(remote: remote, drive: drive, cluster: cluster)
                .run(body: ["promotedFrom": id, "environment": environment], timeout: limit)
            return
        }
        let store = try state.open()
        let source: ReleaseRecord
        do { source = try await store.release(id) } catch { throw CLIFailure(error) }
        let plan = try StoredReleasePlan.load(source)
        let target: (plan: TandemPlan.ReleasePlan, environment: TandemPlan.Environment?)
        do { target = try EnvironmentSelection.resolve(plan, environment: environment, option: "--to") } catch {
            throw CLIFailure("cannot promote \(id): \(error)", .invalidInput)
        }
        let starter = StarterIdentity.resolve(by: drive.by)
        let request = ReleaseRequest(plan: target.plan, planContent: source.planContent, planPath: source.planPath,
                                     planCommit: source.planCommit, versions: source.versions, startedBy: starter.name,
                                     startedBySource: starter.source, environment: environment, promotedFrom: source.id,
                                     changes: drive.changes)
        try await LocalReleaseStart(request: request, environment: target.environment, cluster: cluster, progress: progress,
                                    allowArgoCDManaged: drive.allowArgoCDManaged, wait: drive.follow.wait, timeout: limit, json: drive.follow.json)
            .run(store: store)
    }
}
