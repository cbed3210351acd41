import ArgumentParser

/// `tandem sim apply` — placeholder until implemented.
struct SimApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "apply", abstract: "(not yet available)")
}
