import ArgumentParser

/// `tandem release …` — start, follow, resume, abort and roll back releases.
struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Start, follow, resume, abort, roll back and promote releases of a plan.",
        discussion: """
        Exit codes: 0 done; 2 invalid input; 3 stopped at a checkpoint (the output names the approve command); \
        4 failed or rejected and rolled back cleanly; 5 the rollback is incomplete; 6 another release holds the lock; 1 other errors.

        Example:
          tandem release start plans/loan-app.yaml --version 2.0 --sim
          tandem approve r-20261122-010203-ab12 --checkpoint qa --by alice
          tandem release resume r-20261122-010203-ab12 --sim
        """,
        subcommands: [ReleaseStartCommand.self, ReleaseResumeCommand.self, ReleaseStatusCommand.self, ReleaseListCommand.self,
                      ReleaseLogCommand.self, ReleaseAbortCommand.self, ReleaseRollbackCommand.self,
                      ReleasePromoteCommand.self])
}
