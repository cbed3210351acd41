import ArgumentParser

/// `tandem sim` — placeholder until its issue lands.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sim", abstract: "(not yet available)")
}
