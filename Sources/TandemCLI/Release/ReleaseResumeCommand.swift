import ArgumentParser
import TandemEngine
import TandemStore

/// `tandem release resume <id> [--wait]`
struct ReleaseResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a release after a checkpoint decision or a crash, from its first unfinished step.",
        discussion: """
        Steps compare the live objects with their target and do only what is missing, so resuming after \
        `kill -9` ends in the same state as an uninterrupted run. After a rejection it rolls back and exits 4. \
        A failed release (rollback incomplete) has its rollback retried, as `release abort` does.

        Example:
          tandem release resume r-20261122-010203-ab12 --sim
        """)

    @Argument(help: "The release id.") var id: String
    @OptionGroup var follow: FollowOptions
    @OptionGroup var state: StateOptions
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var progress: ProgressOptions

    func run() async throws {
        let limit = try follow.limit()
        let store = try state.open()
        let release: ReleaseRecord
        do { release = try await store.release(id) } catch { throw CLIFailure(error) }
        let after = try await store.lastEventID()
        try await ReleaseDriver.connectAndDrive(.recorded(release), cluster: cluster.forRelease(release), store: store,
                                                progress: progress, wait: follow.wait, timeout: limit, json: follow.json, printFrom: after,
                                                retryingRollbackBy: release.state == .failed ? StarterIdentity.resolve(by: nil).name : nil)
    }
}
