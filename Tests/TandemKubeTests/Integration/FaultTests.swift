import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

/// Failure paths through the simulator's fault controls: each is survived or surfaces as the documented error.
@Suite("Faults from the simulated cluster", .serialized)
struct FaultTests {
    @Test("a single 401 is survived by refreshing credentials; persistent 401 names the server and source")
    func unauthorized() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.execPlugin, namespace: "f401")
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await sim.fault(["pathContains": "/configmaps", "method": "GET", "status": 401, "count": 1])
        #expect(try await client.configMaps().isEmpty)
        // The exec plugin ran again after the 401.
        let runs = try String(contentsOfFile: sim.dir.path + "/exec-runs", encoding: .utf8).split(separator: "\n").count
        #expect(runs == 2)
        try await sim.fault(["pathContains": "/configmaps", "method": "GET", "status": 401, "count": 2])
        let error = await #expect(throws: KubeError.self) { try await client.configMaps() }
        #expect(error?.description.contains("unauthorized: the API server at \(sim.cluster.baseURL.absoluteString)") == true)
    }

    @Test("403 from the read-only token names verb, resource, namespace and the RBAC rule")
    func forbidden() async throws {
        let sim = try await SimHarness.start()
        let admin = try sim.client(.clientCertificate, namespace: "f403")
        let reader = try sim.client(.bearerToken, namespace: "f403", readOnly: true)
        defer { Task { await admin.shutdown(); await reader.shutdown(); await sim.stop() } }
        try await Fixtures.deploy(admin, "api", namespace: "f403", image: "shop/api:1")
        let error = await #expect(throws: KubeError.self) { try await reader.abort("api") }
        let text = error?.description ?? ""
        #expect(text.contains("tandem may not patch rollouts/status (argoproj.io) \"api\" in namespace \"f403\""), "\(text)")
        #expect(text.contains(#"apiGroups: ["argoproj.io"]"#))
        #expect(text.contains(#"verbs: ["patch"]"#))
        #expect(try await admin.rollout("api").status.abort == false)
    }

    @Test("a 404 for the Argo Rollouts API says it is not installed, in requests and in kube check")
    func argoMissing() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "f404", retry: .never)
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await sim.fault(["pathContains": "/apis/argoproj.io", "status": 404, "count": 2])
        let error = await #expect(throws: KubeError.self) { try await client.list(.rollouts) }
        guard case .argoRolloutsNotInstalled = error else { Issue.record("got \(String(describing: error))"); return }
        let results = await client.check()
        let crd = try #require(results.first { $0.name == "Argo Rollouts CRD" })
        #expect(!crd.ok)
        #expect(crd.detail.contains("Argo Rollouts is not installed"))
    }

    @Test("409 on PUT: set image re-reads and retries; nothing is lost")
    func conflictOnPut() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "f409")
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await Fixtures.deploy(client, "web", namespace: "f409", image: "shop/web:1")
        try await sim.fault(["pathContains": "/rollouts/web", "method": "PUT", "status": 409, "count": 3])
        try await client.setImage(rollout: "web", container: "web", image: "shop/web:2")
        #expect(try await client.rollout("web").template.containers.first?.image == "shop/web:2")
        #expect(try await sim.activeFaults().isEmpty)
        try await sim.fault(["pathContains": "/rollouts/web", "method": "PUT", "status": 409, "count": 5])
        let error = await #expect(throws: KubeError.self) { try await client.setImage(rollout: "web", container: "web", image: "shop/web:3") }
        #expect(error?.isConflict == true)
        #expect(try await client.rollout("web").template.containers.first?.image == "shop/web:2")
    }

    @Test("429 with Retry-After and 500 bursts on GET are retried; a PATCH that got 500 is not repeated")
    func throttlingAndServerErrors() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.clientCertificate, namespace: "f5xx")
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await Fixtures.deploy(client, "web", namespace: "f5xx", image: "shop/web:1")
        try await sim.fault(["pathContains": "/rollouts/web", "method": "GET", "status": 429, "retryAfterSeconds": 1, "count": 1])
        try await sim.fault(["pathContains": "/rollouts/web", "method": "GET", "status": 500, "count": 3])
        #expect(try await client.rollout("web").name == "web")
        #expect(try await sim.activeFaults().isEmpty)
        try await sim.fault(["pathContains": "/rollouts/web", "method": "PATCH", "status": 500, "count": 2])
        let error = await #expect(throws: KubeError.self) { try await client.pause("web") }
        #expect(error?.status?.code == 500)
        // Exactly one PATCH was sent: the second use of the rule is still there.
        #expect(try await sim.activeFaults().first?["count"] == 1)
        #expect(try await client.rollout("web").paused == false)
    }

    @Test("a watch cut mid-way and a 410 on the watch are survived by waitForRollout")
    func watchCutAndGone() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "fwatch")
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await sim.fault(["pathContains": "/rollouts", "method": "GET", "cutWatchAfterEvents": 1, "count": 2])
        try await sim.fault(["pathContains": "/rollouts", "method": "GET", "status": 410, "count": 1])
        try await Fixtures.deploy(client, "web", namespace: "fwatch", image: "shop/web:1")
        let rollout = try await client.waitForRollout("web", until: .healthy(image: "shop/web:1"), timeout: .seconds(30))
        #expect(rollout.isFullyPromoted)
    }

    @Test("a hung request ends at its deadline with a timeout error; a wait reports what it waited for")
    func hungRequest() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "fhang", retry: .never, requestTimeout: .seconds(1))
        defer { Task { await client.shutdown(); await sim.stop() } }
        try await sim.fault(["pathContains": "/configmaps/slow", "hang": true, "hangSeconds": 20, "count": 1])
        let error = await #expect(throws: KubeError.self) { try await client.get(.configMaps, name: "slow") }
        guard case .timeout(let request, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(request.name == "slow")
        #expect(error?.description.contains("timed out after 1.0 seconds waiting for the API server to answer get configmaps \"slow\"") == true)
        let wait = await #expect(throws: KubeError.self) {
            try await client.waitForRollout("absent", until: .healthy, timeout: .milliseconds(300))
        }
        #expect(wait?.description.contains("waiting for rollout fhang/absent to be Healthy; last observed: not found") == true)
    }

    @Test("connection refused names the server URL")
    func refused() async throws {
        let sim = try await SimHarness.start(tls: false)
        let connection = try sim.connection(.bearerToken, namespace: "x")
        await sim.stop()
        let client = try KubeClient(connection: connection, retryPolicy: .never)
        defer { Task { await client.shutdown() } }
        let error = await #expect(throws: KubeError.self) { try await client.configMaps() }
        #expect(error?.description.hasPrefix("cannot reach the API server at \(connection.server)") == true, "\(String(describing: error))")
    }
}
