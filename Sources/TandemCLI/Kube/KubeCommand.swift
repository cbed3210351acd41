import ArgumentParser

/// `tandem kube` — inspect the cluster connection tandem would use.
struct KubeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kube",
        abstract: "Check the Kubernetes cluster tandem talks to.",
        discussion: """
        Example:
          tandem kube check --namespace shop
        """,
        subcommands: [KubeCheckCommand.self]
    )
}
