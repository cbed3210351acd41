import Foundation
import TandemTestSupport

/// The real `tandem` binary in a temporary directory: the simulated cluster (`tandem sim serve`), loan-app
/// seeded at 1.0, a dashboard user, `tandem serve` on a free port, and background processes whose output
/// goes to log files (printed when the browser test fails).
final class DashboardWorld: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static let root = PackageRoot.path
    static let tandem = TandemExecutable.path

    let directory: String
    let environment: [String: String]
    private var processes: [Process] = []

    init() throws {
        directory = NSTemporaryDirectory() + "tandem-browser-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var env = ProcessInfo.processInfo.environment
        env["KUBECONFIG"] = directory + "/sim.kubeconfig"
        env["TANDEM_DB"] = directory + "/state.db"
        env.removeValue(forKey: "TANDEM_USER")
        environment = env
    }

    func log(_ name: String) -> String { directory + "/\(name).log" }

    /// Starts `tandem <arguments>` in the background with stdout and stderr in `<name>.log`.
    @discardableResult
    func start(_ name: String, _ arguments: [String]) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: Self.tandem) else {
            throw Failure(description: "\(Self.tandem) is missing: run `swift build` first")
        }
        _ = FileManager.default.createFile(atPath: log(name), contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: log(name)))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.tandem)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try output.close()
        processes.append(process)
        return process
    }

    /// Runs `tandem <arguments>` to the end; its output is also appended to `setup.log`.
    func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> (status: Int32, output: String) {
        let process = try start("last-command", arguments)
        try waitForExit(process, timeout: timeout, what: "tandem \(arguments.joined(separator: " "))")
        let output = (try? String(contentsOfFile: log("last-command"), encoding: .utf8)) ?? ""
        let setup = "$ tandem \(arguments.joined(separator: " "))  → exit \(process.terminationStatus)\n\(output)"
        append(setup, to: "setup")
        return (process.terminationStatus, output)
    }

    /// Waits (polling the log) for a line of `<name>.log` that contains `marker`; returns that line.
    func waitForLine(in name: String, containing marker: String, process: Process, timeout: Duration = .seconds(60)) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: log(name), encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains(marker) }) { return String(line) }
            guard process.isRunning else { throw Failure(description: "\(name) exited (\(process.terminationStatus)) before printing \"\(marker)\"") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw Failure(description: "\(name) did not print \"\(marker)\" in time")
    }

    func waitForExit(_ process: Process, timeout: Duration, what: String) throws {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw Failure(description: "\(what) is still running after \(timeout)") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.waitUntilExit()
    }

    /// Polls until `body` returns a value.
    func eventually<T>(_ what: String, timeout: Duration = .seconds(60), _ body: () throws -> T?) throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try body() { return value }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Failure(description: "timed out waiting for \(what)")
    }

    func append(_ text: String, to name: String) {
        let path = log(name)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
            try? handle.close()
        }
    }

    /// The logs named, each under a heading (what a failing test prints).
    func logs(_ names: [String]) -> String {
        names.map { name in
            let text = (try? String(contentsOfFile: log(name), encoding: .utf8)) ?? "(no log)"
            return "----- \(name) log (\(log(name))) -----\n\(text)"
        }.joined(separator: "\n")
    }

    /// Stops every background process still running (SIGTERM, then SIGKILL) and removes the directory.
    func stop(keepDirectory: Bool = false) {
        for process in processes.reversed() where process.isRunning {
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(5)
            while process.isRunning && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        if !keepDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }
}
