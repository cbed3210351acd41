import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

/// The real `tandem` binary against a simulated cluster reached through its kubeconfig, with kubectl as the oracle.
@Suite("tandem sim apply / seed / kube check (binary)", .serialized)
struct SimCommandsE2ETests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static var binary: String { packageRoot + "/.build/debug/tandem" }

    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("apply creates then reports unchanged; seed makes a plan's world Healthy; check exits 0 / 1")
    func commands() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tandem binary first")
        let dir = TempDir()
        let kubeconfig = dir.path + "/sim.kubeconfig"
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(tls: true, readyDelay: .milliseconds(30),
                                                                                        kubeconfigOut: kubeconfig))
        defer { Task { await cluster.stop() } }
        let manifest = dir.write("web.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: web-active}
        spec: {selector: {app: web}, ports: [{port: 8080}]}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-settings, namespace: other}
        data: {GREETING: hello}
        """)
        var result = try Self.run(Self.binary, ["sim", "apply", "--kubeconfig", kubeconfig, "-n", "shop", "-f", manifest])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("service/web-active created"))
        #expect(result.output.contains("configmap/web-settings created"))
        result = try Self.run(Self.binary, ["sim", "apply", "--kubeconfig", kubeconfig, "-n", "shop", "-f", manifest])
        #expect(result.output.contains("service/web-active unchanged"), "\(result.output)")
        let kubectl = try Self.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "get", "configmap", "web-settings", "-n", "other",
                                                    "-o", "jsonpath={.data.GREETING}"])
        #expect(kubectl.output == "hello", "\(kubectl.output)")

        let bad = dir.write("bad.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n")
        result = try Self.run(Self.binary, ["sim", "apply", "--kubeconfig", kubeconfig, "-f", bad])
        #expect(result.status == 2)
        #expect(result.output.contains("unknown kind Secret in v1"))

        let plan = dir.write("plan.yaml", """
        apiVersion: tandem/v1alpha1
        kind: ReleasePlan
        metadata: {name: shop}
        spec:
          namespace: seeded
          services:
            - {name: backend, image: shop/backend}
            - name: frontend
              image: shop/frontend
              container: ui
              dependsOn: [{service: backend, configMap: frontend-settings, key: BACKEND_URL, value: "http://{host}:{port}"}]
        """)
        result = try Self.run(Self.binary, ["sim", "seed", plan, "--version", "1.0", "--kubeconfig", kubeconfig])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("seeded 2 services at version 1.0"))
        let image = try Self.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "get", "rollout", "frontend", "-n", "seeded",
                                                  "-o", "jsonpath={.spec.template.spec.containers[0].name} {.spec.template.spec.containers[0].image} {.status.phase}"])
        #expect(image.output == "ui shop/frontend:1.0 Healthy", "\(image.output)")
        let url = try Self.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "get", "configmap", "frontend-settings", "-n", "seeded",
                                                "-o", "jsonpath={.data.BACKEND_URL}"])
        #expect(url.output == "http://backend-active:8080")

        result = try Self.run(Self.binary, ["kube", "check", "--kubeconfig", kubeconfig, "-n", "seeded"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("all 26 checks passed"))
        result = try Self.run(Self.binary, ["kube", "check", "--kubeconfig", kubeconfig, "--context", "tandem-sim-readonly"])
        #expect(result.status == 1)
        #expect(result.output.contains(#"resources: ["rollouts/status"]"#))
    }

    @Test("seed --strategy canary makes a canary world Healthy; bad --strategy/--steps/--replicas are exit 2 with the fix")
    func seedCanary() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "build the tandem binary first")
        let dir = TempDir()
        let kubeconfig = dir.path + "/sim.kubeconfig"
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(readyDelay: .milliseconds(30), kubeconfigOut: kubeconfig))
        defer { Task { await cluster.stop() } }
        let plan = dir.write("plan.yaml", """
        apiVersion: tandem/v1alpha1
        kind: ReleasePlan
        metadata: {name: shop}
        spec:
          namespace: canaries
          services:
            - {name: backend, image: shop/backend}
            - name: frontend
              image: shop/frontend
              dependsOn: [{service: backend, configMap: frontend-settings, key: BACKEND_URL, value: "http://{host}:{port}"}]
        """)
        let failures: [([String], String)] = [
            (["--strategy", "rolling"], #"tandem sim seed: --strategy "rolling" is not known; use blue-green or canary"#),
            (["--strategy", "canary", "--steps", "20,wait"],
             #"tandem sim seed: --steps step 2 "wait": expected a weight (0-100), pause or pause:DURATION; e.g. --steps 20,pause,50,pause:30s,100"#),
            (["--strategy", "canary", "--replicas", "0"], "tandem sim seed: --replicas 0 must be at least 1"),
            (["--steps", "20"], "tandem sim seed: --steps and --replicas apply only to --strategy canary"),
        ]
        for (arguments, message) in failures {
            let result = try Self.run(Self.binary, ["sim", "seed", plan, "--version", "1.0", "--kubeconfig", kubeconfig] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.output)")
            #expect(result.output.contains(message), "\(result.output)")
        }
        let result = try Self.run(Self.binary, ["sim", "seed", plan, "--version", "1.0", "--kubeconfig", kubeconfig,
                                                "--strategy", "canary", "--steps", "25,pause,100", "--replicas", "4"])
        #expect(result.status == 0, "\(result.output)")
        let rollout = try Self.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "get", "rollout", "frontend", "-n", "canaries", "-o",
                                                    "jsonpath={.spec.replicas} {.spec.strategy.canary.stableService} {.spec.strategy.canary.canaryService} {.status.currentStepIndex} {.status.phase}"])
        #expect(rollout.output == "4 frontend-stable frontend-canary 3 Healthy", "\(rollout.output)")
        let url = try Self.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "get", "configmap", "frontend-settings", "-n", "canaries",
                                                "-o", "jsonpath={.data.BACKEND_URL}"])
        #expect(url.output == "http://backend-stable:8080")
    }
}
