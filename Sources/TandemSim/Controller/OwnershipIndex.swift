import Foundation
import TandemKubeModel

/// Which ReplicaSets a Rollout owns, which pods a ReplicaSet owns, and which Rollouts reference
/// a Service — fed by the controllers' watch and by their own creates. It is a hint: callers
/// re-read every named object from the store, so a stale entry is harmless.
final class OwnershipIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var children: [String: Set<String>] = [:]          // owner uid → child names
    private var serviceUsers: [String: Set<String>] = [:]      // "ns/service" → rollout names
    private var servicesOfRollout: [String: [String]] = [:]   // "ns/rollout" → "ns/service" keys

    /// Records the event; for a Rollout, returns the names of the Services it referenced before and
    /// no longer does (all of them when it was deleted).
    @discardableResult
    func observe(_ event: WatchEvent) -> [String] {
        let object = event.object
        switch event.resource {
        case .replicaSets, .pods:
            guard let owner = object.controllerOwner?["uid"].stringValue else { return [] }
            if event.kind == .deleted { removeChild(object.name, of: owner) } else { addChild(object.name, of: owner) }
            return []
        case .rollouts:
            let ns = object.namespace ?? "default"
            let rolloutKey = "\(ns)/\(object.name)"
            let services = event.kind == .deleted ? [] : RolloutSnapshot.referencedServices(object).map { "\(ns)/\($0)" }
            return lock.withLock {
                let before = servicesOfRollout[rolloutKey] ?? []
                for key in before { serviceUsers[key]?.remove(object.name) }
                servicesOfRollout[rolloutKey] = services.isEmpty ? nil : services
                for key in services { serviceUsers[key, default: []].insert(object.name) }
                return before.filter { !services.contains($0) }.map { String($0.dropFirst(ns.count + 1)) }
            }
        default:
            return []
        }
    }

    func addChild(_ name: String, of ownerUID: String) {
        lock.withLock { _ = children[ownerUID, default: []].insert(name) }
    }

    func removeChild(_ name: String, of ownerUID: String) {
        lock.withLock { _ = children[ownerUID]?.remove(name) }
    }

    func children(of ownerUID: String) -> [String] {
        lock.withLock { (children[ownerUID] ?? []).sorted() }
    }

    func rollouts(usingService service: String, namespace: String) -> [String] {
        lock.withLock { (serviceUsers["\(namespace)/\(service)"] ?? []).sorted() }
    }
}

/// How reconcilers find the objects another one owns: through the index when the controllers
/// run (cheap), or by listing the namespace (when driven step by step without a watch).
struct OwnedObjects {
    let store: ObjectStore
    let index: OwnershipIndex?

    func list(_ type: ResourceType, namespace: String, ownerUID: String?) async -> [JSON] {
        guard let ownerUID else { return [] }
        guard let index else {
            return await store.list(type, namespace: namespace).items.filter { $0.controllerOwner?["uid"].stringValue == ownerUID }
        }
        var result: [JSON] = []
        for name in index.children(of: ownerUID) {
            if let object = try? await store.get(type, namespace: namespace, name: name),
               object.controllerOwner?["uid"].stringValue == ownerUID { result.append(object) }
        }
        return result
    }

    /// Records a child this controller just created, before its watch event arrives.
    func created(_ child: JSON) {
        guard let owner = child.controllerOwner?["uid"].stringValue else { return }
        index?.addChild(child.name, of: owner)
    }
}
