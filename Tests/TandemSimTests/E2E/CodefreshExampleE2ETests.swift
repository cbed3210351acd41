import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// The codefresh two-service example (release 1.0) driven with the real kubectl only, against the
/// simulator over HTTPS with the generated client certificate.
@Suite("E2E: codefresh example with kubectl", .enabled(if: Kubectl.runnable, Kubectl.skipReason))
struct CodefreshExampleE2ETests {
    static let example = "/work/shared/examples/codefresh-multi-service"

    /// Renders the legacy kustomization with the remote `configurations:` URL replaced by the local copy.
    static func render(into dir: URL) throws -> String {
        let source = URL(fileURLWithPath: "\(example)/history/d0e27b1-main-initial-state/manifests/legacy")
        let copy = dir.appendingPathComponent("legacy")
        try FileManager.default.copyItem(at: source, to: copy)
        try FileManager.default.copyItem(atPath: "\(example)/argo-rollouts-kustomize/rollout-transform.yaml",
                                         toPath: copy.appendingPathComponent("rollout-transform.yaml").path)
        let kustomization = copy.appendingPathComponent("kustomization.yml")
        let text = try String(contentsOf: kustomization, encoding: .utf8)
            .replacingOccurrences(of: "https://argoproj.github.io/argo-rollouts/features/kustomize/rollout-transform.yaml",
                                  with: "rollout-transform.yaml")
        try text.write(to: kustomization, atomically: true, encoding: .utf8)
        return copy.path
    }

    @Test("create 1.0, change the backend image, pause with preview switched, promote via status, abort another revision")
    func blueGreenLifecycle() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(
            tls: true, readyDelay: .milliseconds(100), kubeconfigOut: kubeconfig))
        defer { Task { await cluster.stop() } }
        let k = Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path)
        let ns = ["-n", "shop"]

        // Release 1.0: namespace, rendered kustomization (frontend + generated ConfigMap), backend and Services.
        try await k.ok(["create", "-f", "-"], stdin: "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
        let legacy = try Self.render(into: dir)
        let rendered = try await k.ok(["kustomize", legacy]).out
        #expect(rendered.contains("my-frontend-settings-"))
        try await k.ok(["create"] + ns + ["-f", "-"], stdin: rendered)
        for file in ["rollout-be.yml", "backend-active.yml", "backend-preview.yml", "frontend-active.yml", "frontend-preview.yml"] {
            try await k.ok(["apply"] + ns + ["-f", "\(legacy)/\(file)"])
        }
        let healthy = try await k.waitFor(ns + ["ro", "my-backend"], "my-backend Healthy") {
            $0["status"]["phase"] == "Healthy" && $0["status"]["availableReplicas"] == 3
        }
        let stable = healthy["status"]["stableRS"].stringValue ?? "?"
        #expect(healthy["status"]["currentPodHash"].stringValue == stable)
        let active = try await k.ok(["get"] + ns + ["svc", "backend-active", "-o", "json"]).json
        #expect(active["spec"]["selector"]["rollouts-pod-template-hash"].stringValue == stable)
        try await k.waitFor(ns + ["ro", "my-frontend"], "my-frontend Healthy") { $0["status"]["phase"] == "Healthy" }
        let table = try await k.ok(["get", "ro", "-A"]).out
        #expect(table.contains("NAMESPACE"))
        #expect(table.split(separator: "\n").contains { $0.contains("my-backend") && $0.split(separator: " ").filter { $0 == "3" }.count == 4 })
        let answer1 = try await k.ok(["get", "--raw", "/api/v1/namespaces/shop/services/backend-active:8080/proxy/version"]).json
        #expect(answer1["version"] == "latest")
        #expect(answer1["podTemplateHash"].stringValue == stable)

        // A watch running while the backend image changes sees the pause.
        let watchOut = dir.appendingPathComponent("watch.out")
        FileManager.default.createFile(atPath: watchOut.path, contents: nil)
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: Kubectl.executable ?? "/usr/bin/kubectl")
        watch.arguments = ["--kubeconfig", kubeconfig, "--cache-dir", dir.appendingPathComponent("cache").path,
                           "get"] + ns + ["ro", "my-backend", "--watch", "-o", "jsonpath={.status.phase}{\"\\n\"}"]
        let watchHandle = try FileHandle(forWritingTo: watchOut)
        watch.standardOutput = watchHandle
        try watch.run()
        try watchHandle.close()  // the child has its copy (ProcessRunner says why ours must be closed)

        try await k.ok(["patch"] + ns + ["ro", "my-backend", "--type", "json", "-p",
                  #"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"docker.io/kostiscodefresh/interest:2.0"}]"#])
        let paused = try await k.waitFor(ns + ["ro", "my-backend"], "my-backend Paused on 2.0") {
            $0["status"]["phase"] == "Paused" && $0["status"]["blueGreen"]["previewSelector"].stringValue != stable
        }
        let newHash = paused["status"]["currentPodHash"].stringValue ?? "?"
        #expect(newHash != stable)
        #expect(paused["status"]["message"] == "BlueGreenPause")
        #expect(paused["status"]["pauseConditions"][0]["reason"] == "BlueGreenPause")
        #expect(paused.generation == 2)
        let preview = try await k.ok(["get"] + ns + ["svc", "backend-preview", "-o", "json"]).json
        #expect(preview["spec"]["selector"]["rollouts-pod-template-hash"].stringValue == newHash)
        #expect(try await k.ok(["get"] + ns + ["svc", "backend-active", "-o", "json"]).json["spec"]["selector"]["rollouts-pod-template-hash"].stringValue == stable)
        try await k.waitFor(ns + ["svc", "backend-preview"], "preview pods ready") { _ in
            (try? await k.run(["get", "--raw", "/api/v1/namespaces/shop/services/backend-preview:8080/proxy/version"]).json["version"]) == "2.0"
        }
        #expect(try await k.ok(["get", "--raw", "/api/v1/namespaces/shop/services/backend-active:8080/proxy/version"]).json["version"] == "latest")

        // Promote the way the plugin does: remove the pause conditions through the status subresource.
        try await k.ok(["patch"] + ns + ["ro", "my-backend", "--subresource", "status", "--type", "merge", "-p",
                  #"{"status":{"pauseConditions":null}}"#])
        let promoted = try await k.waitFor(ns + ["ro", "my-backend"], "my-backend promoted") {
            $0["status"]["phase"] == "Healthy" && $0["status"]["stableRS"].stringValue == newHash
        }
        #expect(promoted["status"]["blueGreen"]["activeSelector"].stringValue == newHash)
        #expect(try await k.ok(["get", "--raw", "/api/v1/namespaces/shop/services/backend-active:8080/proxy/version"]).json["version"] == "2.0")
        watch.terminate()
        watch.waitUntilExit()
        let phases = try String(contentsOf: watchOut, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(phases.contains("Paused"))
        #expect(phases.last == "Healthy")

        // Another revision, aborted through the status subresource.
        try await k.ok(["patch"] + ns + ["ro", "my-backend", "--type", "json", "-p",
                  #"[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"docker.io/kostiscodefresh/interest:3.0"}]"#])
        try await k.waitFor(ns + ["ro", "my-backend"], "my-backend Paused on 3.0") {
            $0["status"]["phase"] == "Paused" && $0["status"]["currentPodHash"].stringValue != newHash
        }
        try await k.ok(["patch"] + ns + ["ro", "my-backend", "--subresource", "status", "--type", "merge", "-p", #"{"status":{"abort":true}}"#])
        let aborted = try await k.waitFor(ns + ["ro", "my-backend"], "my-backend aborted") { $0["status"]["phase"] == "Degraded" }
        #expect(aborted["status"]["message"] == "RolloutAborted: Rollout aborted update to revision 3")
        #expect(aborted["status"]["stableRS"].stringValue == newHash)
        #expect(try await k.ok(["get"] + ns + ["svc", "backend-active", "-o", "json"]).json["spec"]["selector"]["rollouts-pod-template-hash"].stringValue == newHash)
        #expect(try await k.ok(["get", "--raw", "/api/v1/namespaces/shop/services/backend-active:8080/proxy/version"]).json["version"] == "2.0")

        // kubectl create of an existing object is refused like the real API; delete works.
        let again = try await k.run(["create"] + ns + ["-f", "\(legacy)/rollout-be.yml"])
        #expect(again.status != 0)
        #expect(again.err.contains("AlreadyExists") || again.err.contains("already exists"))
        try await k.ok(["delete"] + ns + ["ro", "my-frontend"])
        #expect(try await k.run(["get"] + ns + ["ro", "my-frontend"]).err.contains("NotFound"))
    }

    @Test("read-only context can list but not patch; an unknown token gets 401")
    func readOnlyContext() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(tls: true, kubeconfigOut: kubeconfig))
        defer { Task { await cluster.stop() } }
        let k = Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path)
        try await k.ok(["create", "-f", "-"], stdin: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"1\"\n")
        #expect(try await k.ok(["--context", "tandem-sim-readonly", "get", "cm", "c", "-o", "json"]).json["data"]["a"] == "1")
        let denied = try await k.run(["--context", "tandem-sim-readonly", "patch", "cm", "c", "--type", "merge", "-p", #"{"data":{"a":"2"}}"#])
        #expect(denied.status != 0)
        #expect(denied.err.contains("Forbidden") || denied.err.contains("forbidden"))
        let unauthorized = try await k.run(["--context", "tandem-sim-token", "--token", "bogus", "get", "cm"])
        #expect(unauthorized.status != 0)
        #expect(unauthorized.err.contains("Unauthorized") || unauthorized.err.contains("unauthorized"))
        #expect(try await k.ok(["--context", "tandem-sim-token", "get", "cm", "c", "-o", "json"]).json.name == "c")
    }
}
