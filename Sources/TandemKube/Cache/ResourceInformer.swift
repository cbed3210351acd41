import Foundation
import TandemKubeModel

/// One resource type in one namespace, kept in memory by one LIST and one long WATCH (client-go's
/// reflector + store): the watch resumes from the last resourceVersion it saw when the server ends
/// the stream, the collection is listed again after 410 Gone, and transient failures are waited out
/// with the client's backoff. Readers wait on it (`wait`) and are woken only by changes to the object
/// they look at (or by any change when they look at the whole collection).
actor ResourceInformer {
    let type: ResourceType
    let namespace: String
    private let client: KubeClient
    /// How long one watch connection stays open before it is resumed (the server may end it sooner).
    private let watchTimeout: Duration

    private var objects = CachedCollection()
    private var synced = false
    /// Where the next watch resumes; nil = list again.
    private var resumeFrom: String?
    /// The newest resourceVersion seen in a LIST or an event (numeric on etcd-backed servers and the simulator).
    private var newest: UInt64 = 0
    /// Set while the LIST/WATCH loop fails for a reason waiting will not fix (RBAC, a missing CRD) or
    /// after `stop`; readers get it instead of waiting out their deadline. Cleared by the next success.
    private var failure: KubeError?
    private var loop: Task<Void, Never>?
    private var stopped = false
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiter = 0
    /// Lists of the whole collection (each one or more pages) and WATCH connections made so far (for tests and the debug log).
    private(set) var listCount = 0
    private(set) var watchCount = 0

    private struct Waiter {
        /// The object the waiter reads, or nil for the whole collection.
        var name: String?
        var continuation: CheckedContinuation<Void, Never>
    }

    init(type: ResourceType, namespace: String, client: KubeClient, watchTimeout: Duration) {
        self.type = type
        self.namespace = namespace
        self.client = client
        self.watchTimeout = watchTimeout
    }

    /// Starts the LIST/WATCH loop (once).
    func start() {
        guard loop == nil, !stopped else { return }
        loop = Task { await self.run() }
    }

    /// Ends the loop and wakes every waiter (they see the cache stopped).
    func stop() {
        stopped = true
        loop?.cancel()
        loop = nil
        failure = .operationFailed("the cache of \(type.plural) in namespace \"\(namespace)\" was stopped")
        wakeAll()
    }

    /// Calls `probe` with the cached objects once the cache has listed and has caught up
    /// with `version` (the caller's own last write), then again after each relevant change, until it
    /// returns a value; nil when `deadline` passes first. Errors thrown by `probe` end the wait.
    func wait<T: Sendable>(for name: String?, atLeast version: String?, until deadline: ContinuousClock.Instant,
                           _ probe: @Sendable (CachedCollection) throws(KubeError) -> T?) async throws(KubeError) -> T? {
        start()
        while true {
            if Task.isCancelled { throw KubeError.operationFailed("a read of \(type.plural) in namespace \"\(namespace)\" was cancelled") }
            if let failure { throw failure }
            if synced, caughtUp(to: version, name: name), let value = try probe(objects) { return value }
            if ContinuousClock.now >= deadline { return nil }
            await suspend(name: name, until: deadline)
        }
    }

    /// The cached object (nil = absent or not listed yet).
    func current(_ name: String) -> JSON? { objects[name] }

    /// Why the cache is not serving right now, if it is failing.
    var lastFailure: KubeError? { failure }

    var isSynced: Bool { synced }

    // MARK: - Freshness

    /// Whether the cache has seen `version` (a resourceVersion this process's write got back). Numeric
    /// versions compare as numbers; an opaque one is only known seen when the object carries it.
    private func caughtUp(to version: String?, name: String?) -> Bool {
        guard let version else { return true }
        if let wanted = UInt64(version) { return newest >= wanted }
        guard let name else { return true }
        return objects[name]?.resourceVersion == version
    }

    private func saw(_ version: String?) {
        if let version, let number = UInt64(version), number > newest { newest = number }
    }

    // MARK: - LIST and WATCH

    private func run() async {
        var failures = 0
        while !Task.isCancelled, !stopped {
            do throws(KubeError) {
                if resumeFrom == nil { try await relist() }
                let stream = try await client.watchOnce(type, namespace: namespace, resourceVersion: resumeFrom,
                                                        timeout: watchTimeout)
                watchCount += 1
                do {
                    for try await event in stream {
                        if stopped { return }
                        apply(event)
                        failures = 0
                    }
                } catch let error as KubeError {
                    throw error
                } catch {
                    throw KubeError.operationFailed("\(error)")
                }
                // The server ended the stream (timeoutSeconds, a cut connection): resume from resumeFrom.
            } catch {
                if Task.isCancelled || stopped { return }
                if error.isGone {
                    resumeFrom = nil  // fell out of the server's event window: list again
                    continue
                }
                if !(error.isTransient || KubeClient.isStreamCut(error)) {
                    // RBAC, a missing CRD…: readers get the error instead of waiting out their deadline.
                    failure = error
                    wakeAll()
                }
                failures += 1
                client.logger.debug("cache watch retried", metadata: ["resource": "\(type.plural)", "namespace": "\(namespace)",
                                                                     "attempt": "\(failures)", "error": "\(error)"])
                try? await Task.sleep(for: client.retryPolicy.delay(afterAttempt: failures, retryAfterSeconds: nil))
            }
        }
    }

    /// Items per LIST page, as client-go's reflector asks.
    static let pageSize = 500

    private func relist() async throws(KubeError) {
        let type = self.type
        let list = try await client.listPaged(type, namespace: namespace, pageSize: Self.pageSize) { CachedObjectTrim.trimmed($0, type: type) }
        listCount += 1
        guard !stopped else { return }
        objects = CachedCollection(list.items)
        resumeFrom = list.resourceVersion
        saw(list.resourceVersion)
        synced = true
        failure = nil
        wakeAll()
    }

    private func apply(_ event: WatchEvent) {
        let version = event.object.resourceVersion
        if let version, !version.isEmpty { resumeFrom = version }
        saw(version)
        failure = nil
        let name = event.object.name
        switch event.kind {
        case .bookmark:
            wake(nil)
            return
        case .added, .modified:
            objects.upsert(CachedObjectTrim.trimmed(event.object, type: type))
        case .deleted:
            objects.remove(name)
        }
        wake(name)
    }

    // MARK: - Waiters

    private func suspend(name: String?, until deadline: ContinuousClock.Instant) async {
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.resume(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume() } else { waiters[id] = Waiter(name: name, continuation: continuation) }
            }
        } onCancel: {
            Task { await self.resume(id) }
        }
        timer.cancel()
    }

    private func resume(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume()
    }

    /// Wakes the waiters of object `name` and those of the whole collection (`name` nil: only those).
    private func wake(_ name: String?) {
        for (id, waiter) in waiters where waiter.name == nil || waiter.name == name {
            waiters[id] = nil
            waiter.continuation.resume()
        }
    }

    private func wakeAll() {
        let all = waiters
        waiters = [:]
        for waiter in all.values { waiter.continuation.resume() }
    }
}
