import ArgumentParser

/// `tandem sim` — the embedded simulated cluster.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run and fill the simulated Kubernetes cluster with Argo Rollouts behaviour.",
        subcommands: [SimServeCommand.self, SimApplyCommand.self, SimSeedCommand.self]
    )
}
