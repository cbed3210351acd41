import Dispatch
import Foundation
import TandemTestSupport

/// The `tandem` binary under test (`TANDEM_BINARY`, else this checkout's build).
let tandemBinary = TandemExecutable.path

/// `tandem sim serve` as a child process, for the end-to-end tests that need a separate server.
enum SimServeProcess {
    /// Starts the simulator and returns once it printed its `serving` line (stdout goes to `log`).
    static func start(_ args: [String], log: URL) async throws -> Process {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tandemBinary)
        process.arguments = ["sim", "serve"] + args
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        try output.close()  // the child has its copy (ProcessRunner says why ours must be closed)
        for _ in 0..<300 where !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("tandem sim: serving") {
            try await Task.sleep(for: .milliseconds(100))
        }
        return process
    }

    /// SIGTERM, then waits for the exit.
    static func stop(_ process: Process) async {
        process.terminate()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { process.waitUntilExit(); c.resume() }
        }
    }
}
