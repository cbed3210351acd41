import Foundation
import TandemKubeModel

/// Writes core/v1 Events as the Argo Rollouts controller's recorder does: one per occurrence
/// (never aggregated or expired), source `rollouts-controller`, type Normal or Warning.
struct EventRecorder {
    let store: ObjectStore

    enum Kind: String { case normal = "Normal", warning = "Warning" }

    /// `involved` is the object's reference: apiVersion, kind, name, namespace and (when known) uid.
    func record(_ involved: JSON, reason: String, message: String, type: Kind = .normal) async {
        let namespace = involved["namespace"].stringValue ?? "default"
        let now = KubeTime.format(Date())
        let event: JSON = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["generateName": .string("\(involved["name"].stringValue ?? "object")."), "namespace": .string(namespace)],
            "involvedObject": involved, "reason": .string(reason), "message": .string(message), "type": .string(type.rawValue),
            "count": 1, "firstTimestamp": .string(now), "lastTimestamp": .string(now),
            "source": ["component": "rollouts-controller"], "reportingComponent": "rollouts-controller",
        ]
        _ = try? await store.create(.events, namespace: namespace, event)
    }

    /// The reference an Event carries for a stored object of that type.
    static func reference(_ object: JSON, type: ResourceType) -> JSON {
        var involved: JSON = ["apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "name": .string(object.name),
                              "namespace": .string(object.namespace ?? "default")]
        if let uid = object.uid { involved["uid"] = .string(uid) }
        return involved
    }
}
