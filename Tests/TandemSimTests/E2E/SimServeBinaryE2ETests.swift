import Dispatch
import Foundation
import Testing
import TandemKubeModel

/// `tandem sim serve` as a process: startup line, kubeconfig for kubectl, SIGTERM, state kept across restarts.
/// The `tandem` binary of this checkout (`.build/debug/tandem`).
let tandemBinary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/tandem").path

@Suite("E2E: tandem sim serve binary", .enabled(if: Kubectl.runnable, Kubectl.skipReason))
struct SimServeBinaryE2ETests {
    static var binary: String { tandemBinary }

    /// Starts the simulator and returns once it printed its `serving` line.
    private func serve(_ args: [String], log: URL) async throws -> Process {
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["sim", "serve"] + args
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 where !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("tandem sim: serving") {
            try await Task.sleep(for: .milliseconds(100))
        }
        return process
    }

    private func stop(_ process: Process) async {
        process.terminate()   // SIGTERM
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async { process.waitUntilExit(); c.resume() }
        }
    }

    @Test("prints the serving line, serves kubectl, stops on SIGTERM and continues from --state with higher resourceVersions")
    func restartKeepsState() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-serve-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let args = ["--port", "0", "--state", dir.appendingPathComponent("sim.db").path, "--kubeconfig-out", kubeconfig, "--tls"]
        let k = Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path)

        let log1 = dir.appendingPathComponent("serve1.log")
        let first = try await serve(args, log: log1)
        let line = try String(contentsOf: log1, encoding: .utf8).split(separator: "\n").first { $0.hasPrefix("tandem sim: serving") }
        #expect(line?.contains("serving https://127.0.0.1:") == true)
        #expect(line?.hasSuffix("(kubeconfig: \(kubeconfig))") == true)
        try await k.ok(["create", "-f", "-"], stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\ndata:\n  a: \"1\"\n")
        let rv = try await k.ok(["get", "cm", "kept", "-o", "json"]).json.resourceVersion ?? "?"
        await stop(first)
        #expect(first.terminationStatus == 0)
        #expect(try String(contentsOf: log1, encoding: .utf8).contains("received SIGTERM, stopping"))

        let second = try await serve(args, log: dir.appendingPathComponent("serve2.log"))
        let kept = try await k.ok(["get", "cm", "kept", "-o", "json"]).json
        #expect(kept["data"]["a"] == "1")
        #expect(kept.resourceVersion == rv)
        let patched = try await k.ok(["patch", "cm", "kept", "--type", "merge", "-p", #"{"data":{"a":"2"}}"#, "-o", "json"]).json
        #expect((Int(patched.resourceVersion ?? "") ?? 0) > (Int(rv) ?? .max))
        await stop(second)
        #expect(second.terminationStatus == 0)
    }
}
