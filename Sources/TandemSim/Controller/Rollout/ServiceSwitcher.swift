import TandemKubeModel

/// `switchServiceSelector` (reference §3.3): a strategic-merge patch of the Service's selector
/// hash, adding the managed-by annotation when it is missing; nothing is sent when both are set.
struct ServiceSwitcher {
    let store: ObjectStore

    func switchSelector(_ service: JSON, to hash: String, rollout: String) async throws(APIStatus) -> JSON {
        let current = service[path: ["spec", "selector", ArgoKeys.hashLabel]].stringValue
        let annotated = service.annotations[ArgoKeys.managedBy] != nil
        if current == hash, annotated { return service }
        var patch: JSON = ["spec": ["selector": [ArgoKeys.hashLabel: .string(hash)]]]
        if !annotated { patch["metadata"] = ["annotations": [ArgoKeys.managedBy: .string(rollout)]] }
        let body = patch
        let switched = try await store.modify(.services, namespace: service.namespace, name: service.name) { current in
            StrategicMergePatch.apply(body, to: current)
        }
        if current != hash { await RolloutEvents(store: store).switched(service, from: current ?? "", to: hash, rollout: rollout) }
        return switched
    }
}
