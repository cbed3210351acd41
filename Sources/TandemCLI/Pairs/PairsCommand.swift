import ArgumentParser

/// `tandem pairs` — placeholder until its issue lands.
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pairs", abstract: "(not yet available)")
}
