import Foundation
import TandemEngine
import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan
import TandemSim
import TandemStore

/// The loan-app world on an in-process simulated cluster: two blue-green Rollouts (backend,
/// frontend reading BACKEND_HOST from my-frontend-settings), their active/preview Services, 1.0 live.
struct LoanAppWorld: StoppableWorld {
    let cluster: SimulatedCluster
    let client: KubeClient
    let store: ReleaseStore
    let plan: ReleasePlan
    let planText: String

    static func start(approvals: Int = 1, deadlineSeconds: Int = 60) async throws -> LoanAppWorld {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(readyDelay: .milliseconds(100)))
        let config = try KubeConfig.parse(cluster.kubeconfigYAML, file: "sim.kubeconfig")
        let client = try KubeClient(connection: try KubeClient.connection(from: config, context: nil, namespace: "legacy"))
        let text = LoanAppPlan.yaml(approvals: approvals, deadline: "\(deadlineSeconds)s", approvers: #"[alice, bob, "group:qa"]"#)
        let plan = try PlanLoader.load(text: text, file: "loan-app.yaml")
        let world = LoanAppWorld(cluster: cluster, client: client, store: try ReleaseStore.inMemory(), plan: plan, planText: text)
        do {
            try await world.seed()
        } catch {
            await world.stop()
            throw error
        }
        return world
    }

    /// Runs `body` in a fresh world and always stops it.
    static func with(approvals: Int = 1, deadlineSeconds: Int = 60, _ body: (LoanAppWorld) async throws -> Void) async throws {
        try await running(try await start(approvals: approvals, deadlineSeconds: deadlineSeconds), body)
    }

    func stop() async {
        await client.shutdown()
        await cluster.stop()
    }

    func seed() async throws {
        _ = try? await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": "legacy"]])
        _ = try await client.create(.configMaps, namespace: "legacy", [
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "my-frontend-settings"],
            "data": ["BACKEND_HOST": "backend-active"]])
        for (name, app) in [("backend", "interest"), ("frontend", "loan")] {
            for role in ["active", "preview"] {
                _ = try await client.create(.services, namespace: "legacy", [
                    "apiVersion": "v1", "kind": "Service", "metadata": ["name": .string("\(name)-\(role)")],
                    "spec": ["selector": ["app": .string(app)],
                             "ports": [["name": "http", "port": 8080, "targetPort": 8080, "protocol": "TCP"]]]])
            }
        }
        _ = try await client.create(.rollouts, namespace: "legacy", Self.rollout(
            name: "my-backend", app: "interest", container: "my-backend-container",
            image: "docker.io/kostiscodefresh/interest:1.0", service: "backend", configMap: nil))
        _ = try await client.create(.rollouts, namespace: "legacy", Self.rollout(
            name: "my-frontend", app: "loan", container: "my-frontend-container",
            image: "docker.io/kostiscodefresh/loan:1.0", service: "frontend", configMap: "my-frontend-settings"))
        for name in ["my-backend", "my-frontend"] {
            _ = try await client.waitForRollout(name, namespace: "legacy", until: .healthy, timeout: .seconds(30))
        }
    }

    static func rollout(name: String, app: String, container: String, image: String, service: String, configMap: String?) -> JSON {
        var spec: JSON = ["containers": [["name": .string(container), "image": .string(image),
                                          "ports": [["name": "http", "containerPort": 8080]]]]]
        if let configMap {
            spec[path: ["containers"]] = [["name": .string(container), "image": .string(image),
                                           "ports": [["name": "http", "containerPort": 8080]],
                                           "envFrom": [["configMapRef": ["name": .string(configMap)]]]]]
        }
        return [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": 2, "revisionHistoryLimit": 3,
                "selector": ["matchLabels": ["app": .string(app)]],
                "strategy": ["blueGreen": ["activeService": .string("\(service)-active"),
                                           "previewService": .string("\(service)-preview"),
                                           "autoPromotionEnabled": false]],
                "template": ["metadata": ["labels": ["app": .string(app)]], "spec": spec],
            ],
        ]
    }

    /// Starts a release of the plan at `version` and returns its runner.
    func startRelease(_ version: String, overrides: [String: String] = [:], by: String = "ci-bot",
                      options: EngineOptions = EngineOptions(pollInterval: .milliseconds(50))) async throws -> ReleaseRunner {
        let request = ReleaseRequest(plan: plan, planContent: planText, planPath: "loan-app.yaml",
                                     versions: try ReleaseVersions.resolve(plan: plan, version: version,
                                                                           overrides: overrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
                                     startedBy: by)
        let (_, context) = try await ReleaseStarter.start(request, client: client, store: store, options: options)
        return ReleaseRunner(context: context)
    }

    func image(_ rollout: String) async throws -> String {
        let object = try await client.rollout(rollout, namespace: "legacy")
        return object.template.containers.first?.image ?? ""
    }

    func pairingReport() async throws -> PairingReport {
        let pairing = PairingPlan(plan)
        let snapshot = try await SnapshotReader(client: client).read(plan: pairing, askPods: true)
        return PairingReport.compute(plan: pairing, snapshot: snapshot)
    }

    /// Names of objects tandem created that still exist.
    func tandemObjects() async throws -> [String] {
        let selector = "\(TandemLabels.managedBy)=\(TandemLabels.managedByValue)"
        let maps = try await client.list(.configMaps, namespace: "legacy", labelSelector: selector).items.map { "ConfigMap/\($0.name)" }
        let services = try await client.list(.services, namespace: "legacy", labelSelector: selector).items.map { "Service/\($0.name)" }
        return (maps + services).sorted()
    }
}
