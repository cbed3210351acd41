import ArgumentParser

/// `tandem version`: the version and the git commit it was built from (as `tandem --version`).
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print tandem's version and the git commit it was built from.",
        discussion: """
        With --output json: {"version": "0.1.0", "commit": "<sha>"}; the commit is "unknown" for a build \
        made outside a git checkout.

        Example:
          tandem version
        """)

    @Option(help: "Output: text or json.") var output: OutputFormat = .text

    func run() {
        switch output {
        case .text: print(BuildInfo.description)
        case .json: print(#"{"version":"\#(BuildInfo.version)","commit":"\#(BuildInfo.commit)"}"#)
        }
    }
}
