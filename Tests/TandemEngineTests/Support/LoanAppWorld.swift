import Foundation
import TandemEngine
import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan
import TandemSim
import TandemSimFixtures
import TandemStore

/// The loan-app world on an in-process simulated cluster: plans/loan-app.yaml (in LoanAppPlan's variant) seeded at 1.0
/// as `tandem sim seed` seeds it: two blue-green Rollouts (my-backend, my-frontend reading BACKEND_HOST from the
/// ConfigMap my-frontend-settings), their active/preview Services, in namespace legacy.
struct LoanAppWorld: StoppableWorld {
    let sim: SimClusterFixture
    let store: ReleaseStore
    let plan: ReleasePlan
    let planText: String

    var client: KubeClient { sim.client }

    static func start(approvals: Int = 1, deadlineSeconds: Int = 60) async throws -> LoanAppWorld {
        let text = LoanAppPlan.yaml(approvals: approvals, deadline: "\(deadlineSeconds)s", approvers: #"[alice, bob, "group:qa"]"#)
        let plan = try PlanLoader.load(text: text, file: "loan-app.yaml")
        let sim = try await SimClusterFixture.start(SimulatedClusterOptions(readyDelay: .milliseconds(100)), namespace: "legacy")
        let world = LoanAppWorld(sim: sim, store: try ReleaseStore.inMemory(), plan: plan, planText: text)
        do {
            try await sim.seed(plan, version: "1.0", timeout: .seconds(60))
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

    func stop() async { await sim.stop() }

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
