import Foundation
import TandemKubeModel

/// Argo Rollouts' Service controller (service/service.go `syncService`): a Service whose selector
/// has the pod-template-hash label and whose `managed-by-rollouts` annotation names a Rollout that
/// no longer references it (or no longer exists) gets the hash selector and the annotation removed
/// (`removeSelectorAndManagedByPatch`), so it selects every revision again. A hash selector without
/// the annotation is left alone (Argo's patch for that case only clears the absent annotation), which
/// keeps Services pinned by hand — tandem's revision-pinned Services — as they are.
struct ServiceCleaner {
    let store: ObjectStore

    func sync(namespace: String, name: String) async throws(APIStatus) {
        guard let service = try? await store.get(.services, namespace: namespace, name: name),
              !service[path: ["spec", "selector", ArgoKeys.hashLabel]].isNull,
              let owner = service.annotations[ArgoKeys.managedBy] else { return }
        if let rollout = try? await store.get(.rollouts, namespace: namespace, name: owner),
           RolloutSnapshot.referencedServices(rollout).contains(name) { return }
        let patch: JSON = ["metadata": ["annotations": [ArgoKeys.managedBy: nil]], "spec": ["selector": [ArgoKeys.hashLabel: nil]]]
        do {
            _ = try await store.modify(.services, namespace: namespace, name: name) { MergePatch.apply(patch, to: $0) }
        } catch where error.code == 404 {
            return
        }
    }
}
