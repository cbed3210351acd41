import Synchronization
import TandemKubeModel

/// Informer-style reads for one release: the first read of a resource type in a namespace starts one
/// LIST + WATCH of it (`ResourceInformer`), and every later read and wait is served from memory, so a
/// release costs its writes plus a few shared watches instead of a GET before every step.
///
/// Honest freshness: a read waits until the cache has seen the resourceVersion of this client's own
/// last write of the object (or, for a collection, of any object in it), so a step never acts on a
/// copy older than what it wrote. Objects others change are as fresh as the watch (milliseconds).
public final class ClusterCache: KubeReads {
    public let client: KubeClient
    /// How long each watch connection stays open before it is resumed from its resourceVersion.
    public let watchTimeout: Duration
    private let informers = Mutex<[WriteLedger.Collection: ResourceInformer]>([:])

    public init(client: KubeClient, watchTimeout: Duration = ClusterCache.defaultWatchTimeout) {
        self.client = client
        self.watchTimeout = watchTimeout
    }

    /// Five minutes per watch connection, as client-go's reflectors (which pick 5–10 minutes).
    public static let defaultWatchTimeout: Duration = .seconds(300)

    /// Starts the LIST + WATCH of each type in each namespace now, all at once, instead of at each
    /// type's first read: a release's first steps then find their collections listed (or listing)
    /// rather than paying one LIST round trip after another. Returns without waiting for the lists.
    public func warm(_ types: [ResourceType], namespaces: Set<String>) async {
        for namespace in namespaces.sorted() {
            for type in types { await informer(type, namespace: namespace).start() }
        }
    }

    /// Stops every watch. A later read starts afresh.
    public func stop() async {
        let all = informers.withLock { informers in
            defer { informers = [:] }
            return Array(informers.values)
        }
        for informer in all { await informer.stop() }
    }

    /// LISTs and WATCH connections made so far, over all informers.
    public func requestCounts() async -> (lists: Int, watches: Int) {
        var lists = 0, watches = 0
        for informer in informers.withLock({ Array($0.values) }) {
            lists += await informer.listCount
            watches += await informer.watchCount
        }
        return (lists, watches)
    }

    func informer(_ type: ResourceType, namespace: String?) -> ResourceInformer {
        let key = WriteLedger.Collection(resource: type, namespace: namespace ?? client.namespace)
        return informers.withLock { informers in
            if let existing = informers[key] { return existing }
            let informer = ResourceInformer(type: type, namespace: key.namespace, client: client, watchTimeout: watchTimeout)
            informers[key] = informer
            return informer
        }
    }

    /// How long a read waits for the cache to list (or catch up) before it gives up: as long as the
    /// client waits out an unreachable API server, and at least one request timeout.
    var readBudget: Duration { max(client.requestTimeout, client.retryPolicy.outageLimit) }

    public func object(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSON? {
        let informer = informer(type, namespace: namespace)
        let version = client.writes.lastWrite(type, namespace: informer.namespace, name: name)
        let found = try await informer.wait(for: name, atLeast: version, until: .now + readBudget) { objects in
            Found(object: objects[name])
        }
        guard let found else { throw await notServing(informer, version: version) }
        return found.object
    }

    public func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?) async throws(KubeError) -> [JSON] {
        let informer = informer(type, namespace: namespace)
        let version = client.writes.lastWrite(type, namespace: informer.namespace)
        let items = try await informer.wait(for: nil, atLeast: version, until: .now + readBudget) { objects in
            objects.matching(labelSelector)
        }
        guard let items else { throw await notServing(informer, version: version) }
        return items
    }

    public func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?,
                        until: @escaping @Sendable ([JSON]) -> Bool, deadline: ContinuousClock.Instant) async throws(KubeError) -> [JSON] {
        let informer = informer(type, namespace: namespace)
        let version = client.writes.lastWrite(type, namespace: informer.namespace)
        let items = try await informer.wait(for: nil, atLeast: version, until: deadline) { objects in
            let items = objects.matching(labelSelector)
            return until(items) ? items : nil
        }
        if let items { return items }
        return try await objects(type, namespace: namespace, labelSelector: labelSelector)
    }

    public func waitFor(_ type: ResourceType, name: String, namespace: String?, until condition: WaitCondition<JSON?>,
                        deadline: ContinuousClock.Instant, describe: @escaping @Sendable (JSON?) -> String) async throws(KubeError) -> JSON? {
        let started = ContinuousClock.now
        let informer = informer(type, namespace: namespace)
        let version = client.writes.lastWrite(type, namespace: informer.namespace, name: name)
        let found = try await informer.wait(for: name, atLeast: version, until: deadline) { objects throws(KubeError) in
            let object = objects[name]
            if let reason = condition.failure(object) { throw KubeError.operationFailed(reason) }
            return condition.isSatisfied(object) ? Found(object: object) : nil
        }
        if let found { return found.object }
        let target = "\(type.kind.lowercased()) \(informer.namespace)/\(name) to be \(condition.description)"
        let seen = await informer.isSynced ? describe(await informer.current(name)) : "nothing yet (the watch has not listed)"
        throw KubeError.waitTimedOut(waitingFor: target, lastObserved: seen, after: .now - started)
    }

    /// The error of a read the cache could not serve within its budget.
    private func notServing(_ informer: ResourceInformer, version: String?) async -> KubeError {
        let cause = await informer.lastFailure.map { " (\($0))" } ?? ""
        let what = version.map { "caught up with resourceVersion \($0)" } ?? "listed"
        return .waitTimedOut(waitingFor: "the cache of \(informer.type.plural) in namespace \"\(informer.namespace)\" to have \(what)\(cause)",
                             lastObserved: "no answer from the watch", after: readBudget)
    }
}

/// A probe's answer that may itself be "absent".
private struct Found: Sendable {
    var object: JSON?
}
