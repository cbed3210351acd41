import Foundation
import TandemKubeModel

/// Runs the reconcilers from the store's watch: routes every event to the keys it concerns,
/// drives a few workers over the queue, and fires timers from the injected clock.
final class ControllerRuntime: Sendable {
    let store: ObjectStore
    let options: SimControllerOptions
    /// What the web metric provider of AnalysisRuns reaches the simulated pods through.
    let network: any PodNetwork
    let index = OwnershipIndex()
    let queue = WorkQueue()
    private let state = RuntimeState()

    init(store: ObjectStore, options: SimControllerOptions, network: any PodNetwork) {
        self.store = store
        self.options = options
        self.network = network
    }

    func start() async {
        guard await state.begin() else { return }
        guard let events = try? await store.watch(nil, namespace: nil, since: nil) else { return }
        var tasks: [Task<Void, Never>] = []
        tasks.append(Task { [self] in
            for await event in events { await route(event) }
        })
        // Initial list: everything that exists before the watch started.
        for type in [ResourceType.rollouts, .replicaSets, .pods, .analysisRuns] {
            for object in await store.list(type, namespace: nil).items {
                let event = WatchEvent(kind: .added, resource: type, object: object)
                index.observe(event)
                await route(event, observe: false)
            }
        }
        for _ in 0..<max(1, options.workers) {
            tasks.append(Task { [self] in
                while let key = await queue.next() {
                    let wake = await process(key)
                    await queue.done(key, wake: wake)
                }
            })
        }
        tasks.append(Task { [self] in
            while !Task.isCancelled {
                do { try await options.clock.sleep(for: options.resyncInterval) } catch { return }
                await queue.fireTimers(now: options.clock.now)
            }
        })
        await state.setTasks(tasks)
    }

    func stop() async {
        await queue.stop()
        for task in await state.end() { task.cancel() }
    }

    /// Waits until the queue is empty, no reconcile runs and every store event has been routed.
    func waitUntilIdle(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        var idleRounds = 0
        while ContinuousClock.now < deadline {
            let current = Int(await store.currentResourceVersion) ?? 0
            if await queue.isIdle, await state.lastSeen >= current {
                idleRounds += 1
                if idleRounds >= 3 { return true }
            } else {
                idleRounds = 0
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    private func route(_ event: WatchEvent, observe: Bool = true) async {
        let droppedServices = observe ? index.observe(event) : []
        let object = event.object
        let ns = object.namespace ?? "default"
        if let rv = object.resourceVersion.flatMap(Int.init) { await state.saw(rv) }
        switch event.resource {
        case .rollouts:
            await queue.add(.rollout(namespace: ns, name: object.name))
            for service in droppedServices { await queue.add(.service(namespace: ns, name: service)) }
        case .replicaSets:
            if event.kind != .deleted { await queue.add(.replicaSet(namespace: ns, name: object.name)) }
            if let owner = object.controllerOwner, owner["kind"].stringValue == "Rollout", let name = owner["name"].stringValue {
                await queue.add(.rollout(namespace: ns, name: name))
            }
        case .pods:
            if event.kind != .deleted { await queue.add(.pod(namespace: ns, name: object.name)) }
            if let owner = object.controllerOwner, owner["kind"].stringValue == "ReplicaSet", let name = owner["name"].stringValue {
                await queue.add(.replicaSet(namespace: ns, name: name))
            }
        case .services:
            for rollout in index.rollouts(usingService: object.name, namespace: ns) {
                await queue.add(.rollout(namespace: ns, name: rollout))
            }
            if event.kind != .deleted { await queue.add(.service(namespace: ns, name: object.name)) }
        case .configMaps:
            for pod in await state.blockedPods(in: ns) { await queue.add(.pod(namespace: ns, name: pod)) }
        case .analysisRuns:
            if event.kind != .deleted { await queue.add(.analysisRun(namespace: ns, name: object.name)) }
            if let owner = object.controllerOwner, owner["kind"].stringValue == "Rollout", let name = owner["name"].stringValue {
                await queue.add(.rollout(namespace: ns, name: name))
            }
        case .analysisTemplates, .clusterAnalysisTemplates:
            // A template appearing (or changing) can make an InvalidSpec Rollout valid again.
            for rollout in await store.list(.rollouts, namespace: event.resource.namespaced ? ns : nil).items
            where !RolloutAnalysisReference.all(in: rollout).isEmpty {
                await queue.add(.rollout(namespace: rollout.namespace ?? "default", name: rollout.name))
            }
        default:
            break
        }
    }

    /// One reconcile without the ownership index (listing instead), for step-by-step driving.
    func processUnindexed(_ key: WorkKey) async -> Date? {
        await process(key, index: nil)
    }

    /// One reconcile; errors (a write lost to a delete, say) are retried shortly after.
    func process(_ key: WorkKey) async -> Date? {
        await process(key, index: index)
    }

    private func process(_ key: WorkKey, index: OwnershipIndex?) async -> Date? {
        let clock = options.clock
        do {
            switch key {
            case .rollout(let ns, let name):
                return try await RolloutReconciler(store: store, clock: clock, index: index).reconcile(namespace: ns, name: name)
            case .replicaSet(let ns, let name):
                try await ReplicaSetController(store: store, clock: clock, index: index).sync(namespace: ns, name: name)
                return nil
            case .pod(let ns, let name):
                let outcome = try await Kubelet(store: store, clock: clock, readyDelay: options.readyDelay)
                    .sync(namespace: ns, name: name)
                await state.setBlocked(ns, name, outcome == .blocked)
                if case .wake(let date) = outcome { return date }
                return clock.now.addingTimeInterval(5)
            case .analysisRun(let ns, let name):
                return try await AnalysisRunReconciler(store: store, clock: clock, network: network).reconcile(namespace: ns, name: name)
            case .service(let ns, let name):
                try await ServiceCleaner(store: store).sync(namespace: ns, name: name)
                return nil
            }
        } catch {
            // Retry soon in real time too, so a manual clock that is not advanced does not stall it.
            Task { [queue] in
                try? await Task.sleep(for: .milliseconds(100))
                await queue.add(key)
            }
            return clock.now.addingTimeInterval(1)
        }
    }
}

/// The runtime's mutable bookkeeping.
actor RuntimeState {
    private var running = false
    private var tasks: [Task<Void, Never>] = []
    private(set) var lastSeen = 0
    private var blocked: [String: Set<String>] = [:]

    func begin() -> Bool {
        if running { return false }
        running = true
        return true
    }

    func setTasks(_ tasks: [Task<Void, Never>]) { self.tasks = tasks }

    func end() -> [Task<Void, Never>] {
        running = false
        defer { tasks = [] }
        return tasks
    }

    func saw(_ rv: Int) { lastSeen = max(lastSeen, rv) }

    func setBlocked(_ namespace: String, _ pod: String, _ isBlocked: Bool) {
        if isBlocked { blocked[namespace, default: []].insert(pod) } else { blocked[namespace]?.remove(pod) }
    }

    func blockedPods(in namespace: String) -> [String] { Array(blocked[namespace] ?? []) }
}
