import Foundation
import Testing
import TandemKubeModel

/// Two `tandem sim serve` processes started at once share one kubeconfig (issue #15 item 4):
/// each adds its own context, and kubectl `--context` reaches two separate clusters.
@Suite("E2E: two simulated clusters in one kubeconfig", .enabled(if: Kubectl.runnable, Kubectl.skipReason))
struct TwoClustersE2ETests {
    @Test("staging and production: both contexts in the file, objects created in one are absent from the other")
    func twoContexts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-two-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("clusters.kubeconfig").path
        let k = Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path)
        func args(_ context: String, tls: Bool) -> [String] {
            ["--context", context, "--kubeconfig-out", kubeconfig, "--ready-delay", "100ms"] + (tls ? ["--tls"] : [])
        }
        async let stagingStart = SimServeProcess.start(args("staging", tls: true), log: dir.appendingPathComponent("staging.log"))
        async let productionStart = SimServeProcess.start(args("production", tls: false), log: dir.appendingPathComponent("production.log"))
        let staging = try await stagingStart, production = try await productionStart
        defer { staging.terminate(); production.terminate() }
        let stagingLog = try String(contentsOf: dir.appendingPathComponent("staging.log"), encoding: .utf8)
        #expect(stagingLog.contains("(kubeconfig: \(kubeconfig), context: staging)"), "\(stagingLog)")

        let contexts = try await k.ok(["config", "get-contexts", "-o", "name"]).out.split(separator: "\n").map(String.init)
        #expect(Set(contexts) == ["staging", "staging-token", "staging-readonly", "production", "production-token", "production-readonly"])

        try await k.ok(["--context", "staging", "create", "-f", "-"],
                       stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: only-in-staging\ndata:\n  a: \"1\"\n")
        #expect(try await k.ok(["--context", "staging", "get", "cm", "only-in-staging", "-o", "jsonpath={.data.a}"]).out == "1")
        let missing = try await k.run(["--context", "production", "get", "cm", "only-in-staging"])
        #expect(missing.status != 0)
        #expect(missing.err.contains(#"configmaps "only-in-staging" not found"#), "\(missing.err)")
        let readOnly = try await k.run(["--context", "staging-readonly", "create", "-f", "-"],
                                       stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: refused\n")
        #expect(readOnly.err.contains("forbidden"), "\(readOnly.err)")

        await SimServeProcess.stop(staging)
        await SimServeProcess.stop(production)
        #expect(staging.terminationStatus == 0)
        #expect(production.terminationStatus == 0)
    }

    @Test("a --context that is not a DNS name is exit 2 with an example")
    func badContextName() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tandemBinary)
        process.arguments = ["sim", "serve", "--context", "Prod Cluster"]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(text.contains(#"--context "Prod Cluster" is not a valid name; use lower-case letters, digits, '-' and '.', e.g. staging"#), "\(text)")
    }
}
