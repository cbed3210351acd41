import Foundation
import Testing
import TandemKube
import TandemKubeModel
import TandemSim
import TandemSimFixtures
@testable import TandemPairing
@testable import TandemEngine

/// A simulated cluster with a client (SimClusterFixture), and the objects of a plan's services in their release-1.0
/// state as a team would have deployed them before tandem (kustomize ConfigMaps).
final class SimWorld: StoppableWorld {
    let sim: SimClusterFixture
    /// The simulator's kubeconfig file, for the binary (`tandem pairs`).
    let kubeconfig: String
    let plan: PairingPlan

    var client: KubeClient { sim.client }

    private init(sim: SimClusterFixture, kubeconfig: String, plan: PairingPlan) {
        self.sim = sim
        self.kubeconfig = kubeconfig
        self.plan = plan
    }

    static func start(plan: PairingPlan) async throws -> SimWorld {
        let kubeconfig = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-pairing-\(UUID().uuidString).kubeconfig").path
        let sim = try await SimClusterFixture.start(SimulatedClusterOptions(readyDelay: .milliseconds(50), kubeconfigOut: kubeconfig),
                                                    namespace: plan.services[0].namespace)
        return SimWorld(sim: sim, kubeconfig: kubeconfig, plan: plan)
    }

    /// Runs `body` against a fresh world and stops it afterwards, also when `body` throws.
    static func with(plan: PairingPlan, _ body: (SimWorld) async throws -> Void) async throws {
        try await running(try await start(plan: plan), body)
    }

    /// Stops the cluster and the client, and removes the kubeconfig file.
    func stop() async { await sim.stop() }

    // Not WorldSeeder, which writes plain ConfigMap names, 10 revisions of history and Argo's default scale-down
    // delay: these tests start from the kustomize deployment of the example (`<base>-<hash>` ConfigMaps with
    // APP_VERSION, value templates with a port), and the three-level test needs no history and a 1 s scale-down
    // delay so that old ReplicaSets go within its 20 s wait and garbage collection has work.
    /// Creates a service's active/preview Services, its ConfigMaps (kustomize-named, pointing at
    /// each dependency's active Service) and its blue-green Rollout at tag `1.0`.
    func seed(_ service: PairingService, app: String, port: Int = 8080, historyLimit: Int = 2) async throws {
        let namespace = service.namespace
        for suffix in ["active", "preview"] {
            let object = Service.make(name: "\(service.name)-\(suffix)", namespace: namespace, selector: ["app": app],
                                      ports: [ServicePort(name: "http", port: port)]).raw
            _ = try await client.create(.services, namespace: namespace, object)
        }
        var env: [JSON] = []
        for (base, edges) in Dictionary(grouping: plan.edges(from: service.name), by: \.configMap).sorted(by: { $0.key < $1.key }) {
            var data = ["APP_VERSION": "1.0"]
            for edge in edges {
                data[edge.key] = ValueTemplate(edge.valueTemplate).render(service: "\(edge.dependency)-active", namespace: namespace,
                                                                          port: port, consumerNamespace: namespace)
                env.append(["name": .string(edge.key), "valueFrom": ["configMapKeyRef": ["name": .string("\(base)-\(KustomizeHash.configMapSuffix(data: data))"), "key": .string(edge.key)]]])
            }
            let name = "\(base)-\(KustomizeHash.configMapSuffix(data: data))"
            _ = try await client.create(.configMaps, namespace: namespace, ConfigMap.make(name: name, namespace: namespace, data: data).raw)
        }
        var container: JSON = ["name": .string(service.container ?? "main"), "image": .string("\(service.image):1.0"),
                               "ports": [["name": "http", "containerPort": .int(port)]]]
        if !env.isEmpty { container["env"] = .array(env) }
        let rollout: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": ["name": .string(service.rollout), "namespace": .string(namespace)],
            "spec": ["replicas": 2, "revisionHistoryLimit": .int(historyLimit),
                     "selector": ["matchLabels": ["app": .string(app)]],
                     "strategy": ["blueGreen": ["activeService": .string("\(service.name)-active"),
                                                "previewService": .string("\(service.name)-preview"),
                                                "autoPromotionEnabled": false, "scaleDownDelaySeconds": 1]],
                     "template": ["metadata": ["labels": ["app": .string(app)]], "spec": ["containers": [container]]]],
        ]
        _ = try await client.create(.rollouts, namespace: namespace, rollout)
    }

    /// Sets `service`'s image to `<image>:<tag>` with the deploy step's own Rollout write.
    func deployImage(service name: String, tag: String) async throws {
        let service = plan.service(name)!
        try await FreshRevision.deployImage(service: service, image: ImageReference.with(repository: service.image, tag: tag),
                                            stamp: false, releaseID: tag, reads: LiveReads(client: client))
    }

    func waitHealthy(_ service: String) async throws {
        let spec = plan.service(service)!
        try await client.waitForRollout(spec.rollout, namespace: spec.namespace, until: .healthy, timeout: .seconds(30))
    }

    func waitPaused(_ service: String) async throws {
        let spec = plan.service(service)!
        try await client.waitForRollout(spec.rollout, namespace: spec.namespace, until: .paused, timeout: .seconds(30))
    }

    func promote(_ service: String) async throws {
        let spec = plan.service(service)!
        try await client.promote(spec.rollout, namespace: spec.namespace)
        try await waitHealthy(service)
    }

    /// The pairing report with the pods' answers.
    func report() async throws -> PairingReport {
        let snapshot = try await SnapshotReader(client: client).read(plan: plan, askPods: true)
        return PairingReport.compute(plan: plan, snapshot: snapshot)
    }

    /// Asserts no pair is MIXED, nothing is unresolved, and every pod agrees with the report.
    func expectPaired(_ step: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let report = try await report()
        if ProcessInfo.processInfo.environment["TANDEM_PAIRING_TRACE"] != nil { print("== \(step)\n\(report.table())") }
        #expect(!report.hasMixed, "after \(step):\n\(report.table())", sourceLocation: sourceLocation)
        #expect(!report.rows.contains { $0.verdict == .unresolved }, "after \(step):\n\(report.table())", sourceLocation: sourceLocation)
        #expect(!report.rows.isEmpty, "after \(step): no rows", sourceLocation: sourceLocation)
        for row in report.rows where row.verdict == .ok {
            #expect(row.podReachedVersion != nil, "after \(step): no pod answer for \(row.consumerRevision)\n\(report.table())",
                    sourceLocation: sourceLocation)
        }
        for row in report.rows where row.podReachedVersion != nil {
            #expect(row.podReachedVersion == row.dependencyVersion,
                    "after \(step): \(row.consumerRevision) pod reaches \(row.podReachedVersion ?? "-"), report says \(row.dependencyVersion ?? "-")\n\(report.table())",
                    sourceLocation: sourceLocation)
        }
    }
}
