import Foundation
import TandemKubeModel

/// Starts the emulated controllers (Argo Rollouts blue/green + canary, ReplicaSet → pods, pod readiness)
/// over the store. Clock injectable for tests. Returns a handle to stop them.
public final class SimControllers: Sendable {
    public let store: ObjectStore
    public let options: SimControllerOptions
    private let runtime: ControllerRuntime
    private let podNetwork: SimulatedPodNetwork

    public init(store: ObjectStore, options: SimControllerOptions = SimControllerOptions()) {
        self.store = store
        self.options = options
        self.podNetwork = SimulatedPodNetwork(store: store)
        self.runtime = ControllerRuntime(store: store, options: options, network: podNetwork)
    }

    /// Watches the store and reconciles every change, plus timers from the injected clock.
    public func start() async { await runtime.start() }

    /// Stops every controller task.
    public func stop() async { await runtime.stop() }

    /// What the API server's Service proxy calls: answers like the simulated pod behind the Service would.
    public var network: any PodNetwork { podNetwork }

    /// After `start()`: waits until every store change has been reconciled and nothing is queued.
    /// Returns false when that did not happen within `timeout` (real time).
    @discardableResult
    public func waitUntilIdle(timeout: Duration = .seconds(10)) async -> Bool {
        await runtime.waitUntilIdle(timeout: timeout)
    }

    /// Without `start()`: reconciles every Rollout, ReplicaSet and pod over and over until a whole
    /// pass writes nothing (timers are evaluated against the clock on each pass). Deterministic;
    /// meant for tests with a `ManualSimClock`. Returns false if it did not settle in `maxPasses`.
    @discardableResult
    public func reconcileUntilStable(maxPasses: Int = 100) async -> Bool {
        for _ in 0..<maxPasses {
            let before = await store.currentResourceVersion
            for type in [ResourceType.pods, .replicaSets, .rollouts, .analysisRuns, .services] {
                for object in await store.list(type, namespace: nil).items {
                    let ns = object.namespace ?? "default"
                    switch type {
                    case .pods: _ = await runtime.processUnindexed(.pod(namespace: ns, name: object.name))
                    case .replicaSets: _ = await runtime.processUnindexed(.replicaSet(namespace: ns, name: object.name))
                    case .analysisRuns: _ = await runtime.processUnindexed(.analysisRun(namespace: ns, name: object.name))
                    case .services: _ = await runtime.processUnindexed(.service(namespace: ns, name: object.name))
                    default: _ = await runtime.processUnindexed(.rollout(namespace: ns, name: object.name))
                    }
                }
            }
            if await store.currentResourceVersion == before { return true }
        }
        return false
    }
}
