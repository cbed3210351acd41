import Foundation
import TandemKubeModel

/// Carries out a sync the way Argo CD's sync task runner does for plain resources: applies every
/// rendered object (create or `kubectl apply`-style update, the tracking id set) and, when asked,
/// prunes tracked objects that are no longer rendered (never one annotated `Prune=false`). No hooks, no
/// waves: one pass.
struct ApplicationSyncer: Sendable {
    let store: ObjectStore

    struct Outcome: Sendable {
        /// `syncResult.resources`.
        let resources: [JSON]
        /// The first failure message, nil when every task succeeded.
        let failure: String?
    }

    func sync(_ comparison: ApplicationComparison, prune: Bool) async -> Outcome {
        var results: [JSON] = []
        var failures: [String] = []
        for resource in comparison.resources {
            var result: JSON = ["group": .string(resource.group), "version": .string(resource.version), "kind": .string(resource.kind),
                                "name": .string(resource.name), "syncPhase": "Sync"]
            if let namespace = resource.namespace { result["namespace"] = .string(namespace) }
            let (status, message) = await task(resource, prune: prune)
            result["status"] = .string(status)
            result["message"] = .string(message)
            result["hookPhase"] = status == "SyncFailed" ? "Failed" : "Succeeded"
            if status == "SyncFailed" { failures.append(message) }
            results.append(result)
        }
        return Outcome(resources: results, failure: failures.first)
    }

    private func task(_ resource: ApplicationComparison.Resource, prune: Bool) async -> (String, String) {
        let noun = "\(resource.kind.lowercased())\(resource.group.isEmpty ? "" : ".\(resource.group)")/\(resource.name)"
        guard let type = resource.type else {
            let gv = resource.group.isEmpty ? resource.version : "\(resource.group)/\(resource.version)"
            return ("SyncFailed", "The Kubernetes API could not find \(gv)/\(resource.kind) for requested resource \(resource.namespace ?? "")/\(resource.name). Make sure the \"\(resource.kind)\" CRD is installed on the destination cluster (tandem sim serves only the kinds it emulates).")
        }
        guard let desired = resource.desired else {
            guard prune else { return ("PruneSkipped", "ignored (requires pruning)") }
            if ResourceOptions.disablesPrune(resource.live) { return ("PruneSkipped", "ignored (no prune)") }
            do {
                _ = try await store.delete(type, namespace: resource.namespace, name: resource.name)
                return ("Pruned", "pruned")
            } catch {
                return ("SyncFailed", "\(error)")
            }
        }
        do {
            if let live = resource.live {
                if resource.inSync { return ("Synced", "\(noun) unchanged") }
                let updated = LiveState.applied(desired, over: live)
                _ = try await store.modify(type, namespace: resource.namespace, name: resource.name) { current throws(APIStatus) in
                    // Someone may have written in between: apply over what is stored now.
                    current.resourceVersion == live.resourceVersion ? updated : LiveState.applied(desired, over: current)
                }
                return ("Synced", "\(noun) configured")
            }
            _ = try await store.create(type, namespace: resource.namespace, LiveState.created(desired))
            return ("Synced", "\(noun) created")
        } catch {
            return ("SyncFailed", "error when applying \(noun): \(error)")
        }
    }
}
