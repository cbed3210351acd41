import ArgumentParser

/// `tandem plan` — placeholder until its issue lands.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "(not yet available)")
}
