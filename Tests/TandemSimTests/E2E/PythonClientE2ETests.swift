import Foundation
import Testing

/// The official Kubernetes Python client (installed into .build/python-venv by
/// scripts/setup-python.sh) against `tandem sim serve`: Tests/Python/sim_conformance.py checks
/// schema admission, dry-run, defaulting, DELETE answers, scale, selectors, paging and watches.
enum PythonClient {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".build/python-venv/bin/python").path
    static let script = root.appendingPathComponent("Tests/Python/sim_conformance.py").path
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: python) }
    /// CI and TANDEM_REQUIRE_PYTHON=1 turn a missing venv into a failure instead of a skip.
    static var required: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["TANDEM_REQUIRE_PYTHON"] == "1" || env["CI"] == "true"
    }
}

@Suite("E2E: official Python kubernetes client against tandem sim serve",
       .enabled(if: FileManager.default.isExecutableFile(atPath: tandemBinary) && (PythonClient.installed || PythonClient.required)))
struct PythonClientE2ETests {
    @Test("every API-convention check of sim_conformance.py passes")
    func conformanceChecksPass() async throws {
        try #require(PythonClient.installed, "no Python venv at \(PythonClient.python): run scripts/setup-python.sh (required because CI=true or TANDEM_REQUIRE_PYTHON=1)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-py-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let server = try await SimServeProcess.start(["--port", "0", "--kubeconfig-out", kubeconfig], log: dir.appendingPathComponent("serve.log"))
        defer { server.terminate() }

        let output = dir.appendingPathComponent("python.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PythonClient.python)
        process.arguments = [PythonClient.script, kubeconfig]
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()  // the child has its copy (ProcessRunner says why ours must be closed)
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { process.waitUntilExit(); c.resume() }
        }
        await SimServeProcess.stop(server)
        let log = try String(contentsOf: output, encoding: .utf8)
        let failures = log.split(separator: "\n").filter { $0.hasPrefix("FAIL") || $0.hasPrefix("Traceback") }
        #expect(process.terminationStatus == 0, "sim_conformance.py failed:\n\(log)")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(log.contains(" checks passed"))
    }
}
