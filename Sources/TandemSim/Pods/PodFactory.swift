import Foundation
import TandemKubeModel

/// Builds a pod of a ReplicaSet, reading its configuration at creation (container start).
enum PodFactory {
    static let nameAlphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func create(for rs: JSON, store: ObjectStore, clock: any SimClock) async throws(APIStatus) -> JSON {
        let namespace = rs.namespace ?? "default"
        let template = rs[path: ["spec", "template"]]
        var metadata: JSON = [
            "namespace": .string(namespace), "generateName": .string("\(rs.name)-"),
            "labels": template["metadata"]["labels"].objectValue == nil ? .emptyObject : template["metadata"]["labels"],
            "ownerReferences": [[
                "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string(rs.name), "uid": .string(rs.uid ?? ""),
                "controller": true, "blockOwnerDeletion": true,
            ]],
        ]
        var annotations = template["metadata"]["annotations"].stringMap
        if case .success(let config) = await PodConfigReader.read(podSpec: template["spec"], namespace: namespace, store: store) {
            annotations[PodKeys.config] = JSON(config).serializedString()
            annotations[PodKeys.startedAt] = MicroTime.format(clock.now)
        }
        if !annotations.isEmpty { metadata["annotations"] = JSON(annotations) }
        var spec = template["spec"]
        spec["nodeName"] = "sim-node"
        var pod: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": ["phase": "Pending"]]
        for _ in 0..<5 {
            let suffix = String((0..<5).map { _ in nameAlphabet.randomElement()! })
            pod[path: ["metadata", "name"]] = .string("\(rs.name)-\(suffix)")
            do {
                return try await store.create(.pods, namespace: namespace, pod)
            } catch {
                guard error.code == 409 else { throw error }
            }
        }
        throw APIStatus(code: 409, reason: "AlreadyExists", message: "could not find a free pod name for \(rs.name)")
    }
}
