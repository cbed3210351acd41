import ArgumentParser

/// `tandem sim serve` — placeholder until implemented.
struct SimServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "(not yet available)")
}
