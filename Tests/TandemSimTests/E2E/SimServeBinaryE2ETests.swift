import Foundation
import Testing
import TandemKubeModel

/// `tandem sim serve` as a process: startup line, kubeconfig for kubectl, SIGTERM, state kept across restarts.
@Suite("E2E: tandem sim serve binary", .enabled(if: Kubectl.runnable, Kubectl.skipReason))
struct SimServeBinaryE2ETests {
    static var binary: String { tandemBinary }

    private func serve(_ args: [String], log: URL) async throws -> Process { try await SimServeProcess.start(args, log: log) }
    private func stop(_ process: Process) async { await SimServeProcess.stop(process) }

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
