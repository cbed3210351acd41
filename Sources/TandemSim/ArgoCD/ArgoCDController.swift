import Foundation
import TandemKubeModel

/// The emulated Argo CD application controller: reconciles every Application in its namespace
/// when the Application changes (a new `operation`, spec or refresh request) and every
/// `refreshInterval` (Argo CD's periodic refresh, which is what notices new commits and drift).
/// Applications are reconciled one at a time, in the order they were asked for.
public final class ArgoCDController: Sendable {
    public let options: ArgoCDOptions
    private let reconciler: ApplicationReconciler
    private let store: ObjectStore
    private let clock: any SimClock
    private let queue = ApplicationQueue()

    public init(store: ObjectStore, options: ArgoCDOptions = ArgoCDOptions(), clock: any SimClock = SystemSimClock()) {
        self.store = store
        self.options = options
        self.clock = clock
        self.reconciler = ApplicationReconciler(
            store: store, namespace: options.namespace, clock: clock,
            manifests: ManifestCache(renderer: ManifestRenderer(kustomizeCommand: options.kustomizeCommand)))
    }

    public func start() async {
        guard let events = try? await store.watch(.applications, namespace: options.namespace, since: nil) else { return }
        let watcher = Task { [queue] in
            for await event in events where event.kind != .deleted && Self.needsReconcile(event) {
                await queue.add(event.object.name)
            }
        }
        let poller = Task { [queue, store, options, clock] in
            while !Task.isCancelled {
                for app in await store.list(.applications, namespace: options.namespace).items { await queue.add(app.name) }
                do { try await clock.sleep(for: options.refreshInterval) } catch { return }
            }
        }
        let worker = Task { [queue, reconciler] in
            while let name = await queue.next() { await reconciler.reconcile(name) }
        }
        await queue.setTasks([watcher, poller, worker])
    }

    /// Returns once the loops have ended, so a stopped controller runs no git or kustomize
    /// afterwards (an in-flight reconcile finishes first).
    public func stop() async {
        let tasks = await queue.stop()
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Reconciles one Application now (tests; the loop does this on its own).
    public func reconcile(_ name: String) async {
        await reconciler.reconcile(name)
    }

    /// The controller's own status writes change neither spec, operation nor the refresh annotation.
    static func needsReconcile(_ event: WatchEvent) -> Bool {
        guard let previous = event.previous else { return true }
        let annotation = ApplicationReconciler.refreshAnnotation
        return event.object["spec"] != previous["spec"] || event.object["operation"] != previous["operation"]
            || (!event.object["metadata"]["annotations"][annotation].isNull
                && event.object["metadata"]["annotations"][annotation] != previous["metadata"]["annotations"][annotation])
    }
}

/// Application names waiting for a reconcile, each at most once.
actor ApplicationQueue {
    private var pending: [String] = []
    private var waiter: CheckedContinuation<String?, Never>?
    private var tasks: [Task<Void, Never>] = []
    private var stopped = false

    func add(_ name: String) {
        guard !stopped else { return }
        if let waiter {
            self.waiter = nil
            waiter.resume(returning: name)
        } else if !pending.contains(name) {
            pending.append(name)
        }
    }

    func next() async -> String? {
        if stopped { return nil }
        if !pending.isEmpty { return pending.removeFirst() }
        return await withCheckedContinuation { waiter = $0 }
    }

    func setTasks(_ tasks: [Task<Void, Never>]) {
        self.tasks = tasks
    }

    func stop() -> [Task<Void, Never>] {
        stopped = true
        waiter?.resume(returning: nil)
        waiter = nil
        return tasks
    }
}
