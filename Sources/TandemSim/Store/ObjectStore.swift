import Foundation
import TandemKubeModel

/// The simulated cluster's objects: in-memory maps as the source of truth, written through to
/// SQLite when a state path is given, with a bounded event window for watches.
public actor ObjectStore {
    struct Watcher {
        let type: ResourceType?
        let namespace: String?
        let continuation: AsyncStream<WatchEvent>.Continuation
    }

    var objects: [ResourceType: [ObjectKey: JSON]] = [:]
    var lastResourceVersion: Int
    var log: EventLog
    var watchers: [UUID: Watcher] = [:]
    let persistence: StatePersistence?
    var pendingRows: [(ResourceType, ObjectKey, JSON?)] = []
    var pendingEvents: [(Int, WatchEvent)] = []
    let now: @Sendable () -> Date

    /// statePath nil = in memory only; otherwise SQLite (GRDB) at that path, loaded on init,
    /// every write persisted before it returns; resourceVersions keep increasing across restarts.
    public init(statePath: String?, eventWindow: Int = 10_000, now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.now = now
        var loaded: [ResourceType: [ObjectKey: JSON]] = [:]
        var rv = 0
        if let statePath {
            let persistence = try StatePersistence(path: statePath)
            let state = try persistence.load()
            for row in state.rows { loaded[row.type, default: [:]][row.key] = row.object }
            rv = state.resourceVersion
            self.persistence = persistence
        } else {
            persistence = nil
        }
        var seed: [(ResourceType, ObjectKey, JSON?)] = []
        if loaded[.namespaces]?[ObjectKey(namespace: "", name: "default")] == nil {
            rv += 1
            let ns = ObjectStore.namespaceObject("default", resourceVersion: rv, at: now())
            loaded[.namespaces, default: [:]][ObjectKey(namespace: "", name: "default")] = ns
            seed.append((.namespaces, ObjectKey(namespace: "", name: "default"), ns))
        }
        if let persistence, !seed.isEmpty { try persistence.write(seed, resourceVersion: rv) }
        objects = loaded
        lastResourceVersion = rv
        log = EventLog(capacity: eventWindow, floor: rv)
    }

    public var currentResourceVersion: String { String(lastResourceVersion) }

    /// Number of open watch streams (for diagnostics and benchmarks).
    public var watcherCount: Int { watchers.count }

    // MARK: - Reads

    public func get(_ type: ResourceType, namespace: String?, name: String) throws(APIStatus) -> JSON {
        guard let object = objects[type]?[key(type, namespace, name)] else { throw APIStatus.notFound(type, name) }
        return object
    }

    /// namespace nil = all namespaces. Items sorted by namespace, name.
    public func list(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector = LabelSelector(),
                     fieldName: String? = nil) -> (items: [JSON], resourceVersion: String) {
        let all = objects[type] ?? [:]
        var keys: [ObjectKey]
        if let fieldName {
            keys = all.keys.filter { $0.name == fieldName }
        } else {
            keys = Array(all.keys)
        }
        if type.namespaced, let namespace { keys = keys.filter { $0.namespace == namespace } }
        keys.sort()
        var items: [JSON] = []
        items.reserveCapacity(keys.count)
        for k in keys {
            let object = all[k]!
            if labelSelector.isEmpty || labelSelector.matches(object.labels) { items.append(object) }
        }
        return (items, currentResourceVersion)
    }

    // MARK: - Helpers shared by the write files

    func key(_ type: ResourceType, _ namespace: String?, _ name: String) -> ObjectKey {
        ObjectKey(namespace: type.namespaced ? (namespace ?? "default") : "", name: name)
    }

    func nextResourceVersion() -> Int {
        lastResourceVersion += 1
        return lastResourceVersion
    }

    /// Stores (or removes) an object and queues its row and event for `flush()`.
    func record(_ kind: WatchEvent.Kind, _ type: ResourceType, _ key: ObjectKey, _ object: JSON, rv: Int) {
        let previous = kind == .added ? nil : objects[type]?[key]
        if kind == .deleted {
            objects[type]?[key] = nil
            pendingRows.append((type, key, nil))
        } else {
            objects[type, default: [:]][key] = object
            pendingRows.append((type, key, object))
        }
        pendingEvents.append((rv, WatchEvent(kind: kind, resource: type, object: object, previous: previous)))
    }

    /// Persists queued rows in one transaction, then delivers the queued events.
    func flush() throws(APIStatus) {
        let rows = pendingRows, events = pendingEvents
        pendingRows = []
        pendingEvents = []
        var failure: APIStatus?
        if let persistence, !rows.isEmpty {
            do {
                try persistence.write(rows, resourceVersion: lastResourceVersion)
            } catch {
                failure = APIStatus(code: 500, reason: "InternalError",
                                    message: "simulator could not persist its state: \(error)")
            }
        }
        for (rv, event) in events {
            log.append(rv: rv, event)
            for watcher in watchers.values where matches(watcher.type, watcher.namespace, event) {
                watcher.continuation.yield(event)
            }
        }
        if let failure { throw failure }
    }

    func matches(_ type: ResourceType?, _ namespace: String?, _ event: WatchEvent) -> Bool {
        if let type, type != event.resource { return false }
        if let namespace, event.object.namespace != namespace { return false }
        return true
    }

    static func namespaceObject(_ name: String, resourceVersion: Int, at date: Date) -> JSON {
        [
            "kind": "Namespace", "apiVersion": "v1",
            "metadata": [
                "name": .string(name), "uid": .string(UUID().uuidString.lowercased()),
                "resourceVersion": .string(String(resourceVersion)),
                "creationTimestamp": .string(KubeTime.format(date)),
                "labels": ["kubernetes.io/metadata.name": .string(name)],
            ],
            "spec": ["finalizers": ["kubernetes"]],
            "status": ["phase": "Active"],
        ]
    }
}
