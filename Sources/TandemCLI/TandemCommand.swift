import ArgumentParser

/// The root `tandem` command. Each command group lives in its own folder.
public struct TandemCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "Release dependent microservices that run as Argo Rollouts, in order, paired, with approvals.",
        discussion: """
        Example:
          tandem plan order plans/loan-app.yaml
          tandem --version        (the same as `tandem version`)
        """,
        subcommands: [PlanCommand.self, SimCommand.self, KubeCommand.self, PairsCommand.self, ReleaseCommand.self, ApproveCommand.self, RejectCommand.self, ServeCommand.self, VersionCommand.self]
    )

    public init() {}
}
