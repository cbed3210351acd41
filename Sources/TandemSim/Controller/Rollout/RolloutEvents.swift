import Foundation
import TandemKubeModel

/// The Kubernetes Events the Argo Rollouts controller records on a Rollout (reasons and messages
/// from argo-rollouts utils/conditions/conditions.go and rollout/service.go), so `kubectl get events`
/// and `kubectl describe rollout` show them. Each is a core/v1 Event from `rollouts-controller`.
struct RolloutEvents {
    let store: ObjectStore

    /// `NewReplicaSetCreated`: "Created ReplicaSet NAME (revision N)".
    func newReplicaSet(_ rs: JSON, revision: Int) async {
        await record(ownerOf: rs, reason: "NewReplicaSetCreated", message: "Created ReplicaSet \(rs.name) (revision \(revision))")
    }

    /// `ScalingReplicaSet`: "Scaled up|down ReplicaSet NAME (revision N) from A to B".
    func scaled(_ rs: JSON, from old: Int, to new: Int) async {
        guard old != new else { return }
        let revision = rs.annotations[ArgoKeys.revision] ?? "0"
        await record(ownerOf: rs, reason: "ScalingReplicaSet",
                     message: "Scaled \(new > old ? "up" : "down") ReplicaSet \(rs.name) (revision \(revision)) from \(old) to \(new)")
    }

    /// `SwitchService`: "Switched selector for service 'S' from 'OLD' to 'NEW'".
    func switched(_ service: JSON, from old: String, to new: String, rollout: String) async {
        let uid = (try? await store.get(.rollouts, namespace: service.namespace, name: rollout))?.uid
        await record(rollout: rollout, uid: uid, namespace: service.namespace ?? "default", reason: "SwitchService",
                     message: "Switched selector for service '\(service.name)' from '\(old)' to '\(new)'")
    }

    private func record(ownerOf rs: JSON, reason: String, message: String) async {
        guard let owner = rs["metadata"]["ownerReferences"].arrayValue?.first(where: { $0["kind"] == "Rollout" }),
              let name = owner["name"].stringValue else { return }
        await record(rollout: name, uid: owner["uid"].stringValue, namespace: rs.namespace ?? "default", reason: reason, message: message)
    }

    private func record(rollout: String, uid: String?, namespace: String, reason: String, message: String) async {
        let now = KubeTime.format(Date())
        var involved: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": .string(rollout),
                              "namespace": .string(namespace)]
        if let uid { involved["uid"] = .string(uid) }
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["generateName": .string("\(rollout)."), "namespace": .string(namespace)],
            "involvedObject": involved, "reason": .string(reason), "message": .string(message), "type": "Normal",
            "count": 1, "firstTimestamp": .string(now), "lastTimestamp": .string(now),
            "source": ["component": "rollouts-controller"], "reportingComponent": "rollouts-controller",
        ]
        _ = try? await store.create(.events, namespace: namespace, event)
    }
}
