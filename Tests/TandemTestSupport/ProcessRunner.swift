import Foundation

/// What a finished process left: its exit status and everything it wrote.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a program to its end: arguments, environment, working directory and standard input
/// given; standard output and error captured through files (a chatty child never blocks on a
/// full pipe); killed after `timeout` so a hung child fails the test instead of the run.
public enum ProcessRunner {
    public struct TimedOut: Error, CustomStringConvertible {
        public let command: [String]
        public let seconds: Double
        public let partial: ProcessResult
        public var description: String {
            "\(command.joined(separator: " ")) did not finish within \(seconds) s; it wrote:\n\(partial.stdout)\(partial.stderr)"
        }
    }

    /// Runs the `tandem` executable (`TandemExecutable`).
    public static func tandem(
        _ arguments: [String], environment: [String: String]? = nil, directory: String? = PackageRoot.path,
        stdin: String? = nil, mergeOutput: Bool = false, timeout: Double = 300
    ) throws -> ProcessResult {
        try run(TandemExecutable.url().path, arguments, environment: environment, directory: directory, stdin: stdin,
                mergeOutput: mergeOutput, timeout: timeout)
    }

    /// Runs `executable arguments…`. `environment` nil inherits the test's; `mergeOutput`
    /// sends standard error into `stdout` (as a terminal shows them).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: String? = nil, mergeOutput: Bool = false, timeout: Double = 300
    ) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = try FileHandle(forWritingTo: outURL)
        let err = mergeOutput ? out : try FileHandle(forWritingTo: errURL)
        var handedOver = [out, err]
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let inURL = scratch.appendingPathComponent("in")
            try Data(stdin.utf8).write(to: inURL)
            let input = try FileHandle(forReadingFrom: inURL)
            handedOver.append(input)
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        // The child has its own copies once it runs; ours must be closed here, because Foundation's
        // Process keeps the handles alive (they are never closed on dealloc). Left open they piled up
        // to >1,300 descriptors in the test process, where Process.run() itself then crashes
        // (swift-corelibs-foundation#5472: an over-read of /proc/self/fd entries).
        defer { for handle in handedOver { try? handle.close() } }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let inTime = finished.wait(timeout: .now() + timeout) == .success
        if !inTime {
            process.terminate()
            if finished.wait(timeout: .now() + 5) != .success {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        let result = ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
            stderr: mergeOutput ? "" : String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
        if !inTime { throw TimedOut(command: [executable] + arguments, seconds: timeout, partial: result) }
        return result
    }
}

extension ProcessRunner {
    /// A tool that exited with a non-zero status; carries what it wrote.
    public struct ToolFailed: Error, CustomStringConvertible {
        public let command: [String]
        public let result: ProcessResult
        public var description: String {
            "\(command.joined(separator: " ")) exited \(result.status): \(result.stderr)"
        }
    }

    /// Runs a tool found on PATH (`kubectl`, `git`) and returns its standard output; a non-zero
    /// exit throws `ToolFailed` with its standard error.
    @discardableResult
    public static func tool(_ arguments: [String], directory: String? = nil, timeout: Double = 120) throws -> String {
        let result = try run("/usr/bin/env", arguments, directory: directory, timeout: timeout)
        guard result.status == 0 else { throw ToolFailed(command: arguments, result: result) }
        return result.stdout
    }
}
