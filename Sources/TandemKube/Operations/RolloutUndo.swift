import TandemKubeModel

/// `kubectl argo rollouts undo` (reference §4): back to an earlier ReplicaSet's template.
extension KubeClient {
    /// ReplicaSets controlled by this rollout (selector + controller ownerReference UID), newest revision first.
    public func replicaSets(of rollout: Rollout) async throws(KubeError) -> [ReplicaSet] {
        let list = try await list(.replicaSets, namespace: rollout.namespace, labelSelector: rollout.selector.description)
        return list.items.map(ReplicaSet.init)
            .filter { $0.controllerUID != nil && $0.controllerUID == rollout.uid }
            .sorted { ($0.revision ?? 0) > ($1.revision ?? 0) }
    }

    /// ReplicaSets carrying `rollouts-pod-template-hash=<hash>` (optionally also matching `selector`).
    public func replicaSets(hash: String, namespace: String? = nil, selector: LabelSelector? = nil) async throws(KubeError) -> [ReplicaSet] {
        var terms = [Rollout.podTemplateHashLabel + "=" + hash]
        if let selector, !selector.isEmpty { terms.insert(selector.description, at: 0) }
        return try await list(.replicaSets, namespace: namespace, labelSelector: terms.joined(separator: ",")).items.map(ReplicaSet.init)
    }

    /// Rolls the template back to `revision` (0 = the previous one). Returns the plugin's message:
    /// `rollout '<name>' undo` or `skipped rollback (current template already matches revision N)`.
    @discardableResult
    public func undo(_ name: String, namespace: String? = nil, toRevision revision: Int = 0) async throws(KubeError) -> String {
        let rollout = try await rollout(name, namespace: namespace)
        let sets = try await replicaSets(of: rollout)
        let target: ReplicaSet
        if revision == 0 {
            guard sets.count >= 2 else { throw KubeError.operationFailed("no revision found for rollout \"\(name)\"") }
            target = sets[1]
        } else {
            guard let found = sets.first(where: { $0.revision == revision }) else {
                throw KubeError.operationFailed("unable to find specified revision \(revision) in history")
            }
            target = found
        }
        let template = target.template.withoutPodTemplateHash
        let current = rollout.template.withoutPodTemplateHash
        if Self.contains(template.raw, current.raw) {
            return "skipped rollback (current template already matches revision \(target.revision ?? revision))"
        }
        let operations: JSON = [["op": "replace", "path": "/spec/template", "value": template.raw]]
        if let ref = rollout.workloadRef, let refName = ref["name"].stringValue {
            guard ref["kind"].stringValue == "Deployment" else {
                throw KubeError.operationFailed("undo of a workloadRef to \(ref["kind"].stringValue ?? "?") is not supported")
            }
            _ = try await patch(.deployments, namespace: namespace, name: refName, operations, patchType: .json)
        } else {
            _ = try await patch(.rollouts, namespace: namespace, name: name, operations, patchType: .json)
        }
        return "rollout '\(name)' undo"
    }
}
