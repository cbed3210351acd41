import ArgumentParser

/// `tandem kube` — placeholder until its issue lands.
struct KubeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kube", abstract: "(not yet available)")
}
