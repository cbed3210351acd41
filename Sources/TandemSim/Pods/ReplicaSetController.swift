import Foundation
import TandemKubeModel

/// The ReplicaSet controller: keeps `spec.replicas` pods named `<rs>-<5 chars>` (labels,
/// annotations and spec from the template, ownerReference to the RS) and writes the RS status
/// counts. Pods are created and deleted at once (no graceful termination).
struct ReplicaSetController {
    let store: ObjectStore
    let clock: any SimClock
    let index: OwnershipIndex?

    func sync(namespace: String, name: String) async throws(APIStatus) {
        guard let rs = try? await store.get(.replicaSets, namespace: namespace, name: name),
              rs.deletionTimestamp == nil else { return }
        let owned = OwnedObjects(store: store, index: index)
        var pods = await owned.list(.pods, namespace: namespace, ownerUID: rs.uid)
        let desired = rs[path: ["spec", "replicas"]].intValue ?? 1
        if pods.count < desired {
            for _ in pods.count..<desired {
                let pod = try await PodFactory.create(for: rs, store: store, clock: clock)
                owned.created(pod)
                pods.append(pod)
            }
        } else if pods.count > desired {
            // Not-ready pods go first, then the newest.
            let victims = pods.sorted { a, b in
                if a.isPodReady != b.isPodReady { return !a.isPodReady }
                return (a.creationTimestamp ?? "", a.name) > (b.creationTimestamp ?? "", b.name)
            }.prefix(pods.count - desired)
            for pod in victims {
                _ = try? await store.delete(.pods, namespace: namespace, name: pod.name)
                if let uid = rs.uid { index?.removeChild(pod.name, of: uid) }
            }
            let removed = Set(victims.map(\.name))
            pods.removeAll { removed.contains($0.name) }
        }
        let ready = pods.filter(\.isPodReady).count
        var status = rs["status"].objectValue == nil ? JSON.emptyObject : rs["status"]
        status["replicas"] = .int(pods.count)
        status["fullyLabeledReplicas"] = .int(pods.count)
        status.setCount("readyReplicas", ready)
        status.setCount("availableReplicas", ready)
        status["observedGeneration"] = .int(rs.generation ?? 1)
        guard status != rs["status"] else { return }
        let newStatus = status
        _ = try await store.modify(.replicaSets, namespace: namespace, name: name, subresource: .status) { current in
            var copy = current
            copy["status"] = newStatus
            return copy
        }
    }
}

extension JSON {
    /// The pod's `Ready` condition is True.
    var isPodReady: Bool {
        self[path: ["status", "conditions"]].arrayValue?.contains {
            $0["type"].stringValue == "Ready" && $0["status"].stringValue == "True"
        } ?? false
    }
}
