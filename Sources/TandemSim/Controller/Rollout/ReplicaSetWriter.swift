import Foundation
import TandemKubeModel

/// The ReplicaSet writes of the Rollouts controller (reference §3.2, §3.3 step 6).
struct ReplicaSetWriter {
    let store: ObjectStore

    /// `createDesiredReplicaSet`: `<rollout>-<hash>` with the hash label in labels, selector and
    /// template, 0 replicas, the rollout's annotations plus revision and desired-replicas. The caller
    /// records `NewReplicaSetCreated` once the Rollout's revision is set.
    func create(rollout: JSON, hash: String, revision: Int) async throws(APIStatus) -> JSON {
        let spec = rollout["spec"]
        var template = spec["template"]
        template[path: ["metadata", "labels", ArgoKeys.hashLabel]] = .string(hash)
        var selector = spec["selector"]
        selector[path: ["matchLabels", ArgoKeys.hashLabel]] = .string(hash)
        var annotations = rollout.annotations.filter { !ArgoKeys.notCopiedToReplicaSet.contains($0.key) }
        annotations[ArgoKeys.revision] = String(revision)
        annotations[ArgoKeys.desiredReplicas] = String(spec["replicas"].intValue ?? 1)
        var labels = template["metadata"]["labels"].stringMap
        labels[ArgoKeys.hashLabel] = hash
        var rsSpec: JSON = ["replicas": 0, "selector": selector, "template": template]
        if let minReady = spec["minReadySeconds"].intValue { rsSpec["minReadySeconds"] = .int(minReady) }
        let rs: JSON = [
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string("\(rollout.name)-\(hash)"), "namespace": .string(rollout.namespace ?? "default"),
                "labels": JSON(labels), "annotations": JSON(annotations),
                "ownerReferences": [[
                    "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": .string(rollout.name),
                    "uid": .string(rollout.uid ?? ""), "controller": true, "blockOwnerDeletion": true,
                ]],
            ],
            "spec": rsSpec,
        ]
        return try await store.create(.replicaSets, namespace: rollout.namespace, rs)
    }

    /// A full PUT of `spec.replicas` and the desired-replicas annotation; a scale to 0 also drops
    /// the scale-down deadline.
    func scale(_ rs: JSON, to replicas: Int, rolloutReplicas: Int) async throws(APIStatus) -> JSON {
        let desired = String(rolloutReplicas)
        if rs.rsSpecReplicas == replicas, rs.annotations[ArgoKeys.desiredReplicas] == desired,
           replicas > 0 || rs.annotations[ArgoKeys.scaleDownDeadline] == nil { return rs }
        let scaled = try await store.modify(.replicaSets, namespace: rs.namespace, name: rs.name) { current in
            var copy = current
            copy[path: ["spec", "replicas"]] = .int(replicas)
            copy.setAnnotation(ArgoKeys.desiredReplicas, desired)
            if replicas == 0 { copy.setAnnotation(ArgoKeys.scaleDownDeadline, nil) }
            return copy
        }
        await RolloutEvents(store: store).scaled(scaled, from: rs.rsSpecReplicas, to: replicas)
        return scaled
    }

    /// Adds (date) or removes (nil) the `scale-down-deadline` annotation.
    func setScaleDownDeadline(_ rs: JSON, _ date: Date?) async throws(APIStatus) -> JSON {
        let value = date.map(KubeTime.format)
        if rs.annotations[ArgoKeys.scaleDownDeadline] == value { return rs }
        return try await store.modify(.replicaSets, namespace: rs.namespace, name: rs.name) { current in
            var copy = current
            copy.setAnnotation(ArgoKeys.scaleDownDeadline, value)
            return copy
        }
    }

    /// An RS that becomes new again (undo): revision = max + 1, the old one appended to revision-history.
    func bumpRevision(_ rs: JSON, to revision: Int) async throws(APIStatus) -> JSON {
        try await store.modify(.replicaSets, namespace: rs.namespace, name: rs.name) { current in
            var copy = current
            let old = current.annotations[ArgoKeys.revision]
            if let old {
                let history = current.annotations[ArgoKeys.revisionHistory].map { "\($0),\(old)" } ?? old
                copy.setAnnotation(ArgoKeys.revisionHistory, history)
            }
            copy.setAnnotation(ArgoKeys.revision, String(revision))
            return copy
        }
    }

    func delete(_ rs: JSON) async {
        _ = try? await store.delete(.replicaSets, namespace: rs.namespace, name: rs.name)
    }
}
