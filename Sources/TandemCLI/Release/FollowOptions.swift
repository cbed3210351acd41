import ArgumentParser

/// How a command that drives a release follows it: whether it waits at checkpoints (and how long) and
/// how it prints events. Shared by `release start` and `promote` (through `ReleaseDriveOptions`),
/// `resume` and `rollback`.
struct FollowOptions: ParsableArguments {
    @Flag(help: "Wait at checkpoints until they are decided instead of exiting 3.") var wait = false
    @Option(help: "With --wait: give up waiting after this long (e.g. 30m), exit 3.") var timeout: String?
    @Option(help: "Output: text (one line per event) or json (one object per event).") var output: OutputFormat = .text

    var json: Bool { output == .json }

    /// `--timeout` as a Duration (exit 2 when malformed).
    func limit() throws -> Duration? { try parseTimeout(timeout) }
}
