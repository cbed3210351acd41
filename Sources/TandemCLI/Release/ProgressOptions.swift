import ArgumentParser
import Foundation
import TandemEngine
import TandemKubeModel

/// `--progress-interval D` and `--quiet`: how often a waiting step reports, and whether progress is shown.
struct ProgressOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How often each waiting step reports what it waits for and how far it is (default 10s).", valueName: "duration"))
    var progressInterval: String?

    @Flag(help: "Show no progress lines (events and the summary are still printed).")
    var quiet = false

    func validate() throws { _ = try interval() }

    func interval() throws -> Duration {
        guard let progressInterval else { return EngineOptions.defaultProgressInterval }
        guard let duration = try? KubeDuration.parse(progressInterval), duration > .zero else {
            throw ValidationError("--progress-interval \"\(progressInterval)\" is not a positive duration; use e.g. 5s, 10s or 1m")
        }
        return duration
    }

    /// The engine options of this run: the environment's, with the progress interval.
    func engineOptions() throws -> EngineOptions {
        var options = EngineOptions.fromEnvironment()
        options.progressInterval = try interval()
        return options
    }

    /// How progress is shown: none with --quiet, objects with --output json, a rewritten status line on a terminal,
    /// plain lines otherwise (CI logs).
    func mode(json: Bool) -> ProgressBoard.Mode { Self.mode(quiet: quiet, json: json) }

    static func mode(quiet: Bool, json: Bool) -> ProgressBoard.Mode {
        if quiet { return .off }
        if json { return .json }
        let terminal = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        return terminal ? .live : .lines
    }
}
