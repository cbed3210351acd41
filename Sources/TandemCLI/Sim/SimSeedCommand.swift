import ArgumentParser

/// `tandem sim seed` — placeholder until implemented.
struct SimSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "(not yet available)")
}
