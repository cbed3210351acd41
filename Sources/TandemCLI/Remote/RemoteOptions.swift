import ArgumentParser
import Foundation

/// `--server URL [--token T]`: talk to `tandem serve` instead of the local database and cluster.
/// The token (else `TANDEM_TOKEN`) is the identity: the server records its user as starter or approver.
struct RemoteOptions: ParsableArguments {
    @Option(help: "URL of a `tandem serve` (e.g. https://tandem.example.com): act through its API; it records and drives the release.")
    var server: String?

    @Option(help: "API token for --server (default: TANDEM_TOKEN). Create one with `tandem serve add-user NAME`.")
    var token: String?

    var isRemote: Bool { server != nil }

    /// The client, or exit 2 with what to pass.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RemoteClient {
        guard let server else { throw CLIFailure("--server is required here", .invalidInput) }
        let trimmed = server.hasSuffix("/") ? String(server.dropLast()) : server
        guard let url = URL(string: trimmed), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw CLIFailure("--server \(server) is not an http(s) URL: pass e.g. --server http://127.0.0.1:8080", .invalidInput)
        }
        let value = (token ?? environment["TANDEM_TOKEN"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else {
            throw CLIFailure("--server needs an API token: pass --token T or set TANDEM_TOKEN (an admin creates one with `tandem serve add-user NAME --groups G`)", .invalidInput)
        }
        return RemoteClient(base: trimmed, token: value)
    }
}
