import ArgumentParser
import Foundation

/// `tandem serve` (runs the approval server) and `tandem serve add-user`.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the approval server (JSON API, dashboard, webhooks), or add an API user.",
        discussion: """
        Example:
          tandem serve add-user alice --groups qa
          tandem serve --port 8080
          tandem serve --port 8080 --kubeconfig ~/.kube/config   # also drives `release start --server` releases
        """,
        subcommands: [ServeRunCommand.self, ServeAddUserCommand.self],
        defaultSubcommand: ServeRunCommand.self)
}
