import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Argo's Service controller (service/service.go `syncService`, `generateRemovePatch`): a Service
/// whose `managed-by-rollouts` Rollout no longer references it loses the hash selector and the
/// annotation; a hash selector without the annotation (a Service pinned by hand) is left alone.
@Suite("Service controller cleanup")
struct ServiceCleanerTests {
    @Test("deleting the Rollout frees its active Service; a hand-pinned Service keeps its hash selector")
    func cleanup() async throws {
        let f = try ControllerFixture()
        let hash = try await f.healthyBlueGreen()
        _ = try await f.store.create(.services, namespace: f.namespace, [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web-pinned"],
            "spec": ["selector": ["app": "web", "rollouts-pod-template-hash": .string(hash)], "ports": [["port": 80]]],
        ])
        #expect(try await f.store.get(.services, namespace: f.namespace, name: "web-active").annotations[ArgoKeys.managedBy] == "web")
        _ = try await f.store.delete(.rollouts, namespace: f.namespace, name: "web")
        await f.settle()
        let active = try await f.store.get(.services, namespace: f.namespace, name: "web-active")
        #expect(active[path: ["spec", "selector"]] == ["app": "web"])
        #expect(active.annotations[ArgoKeys.managedBy] == nil)
        #expect(try await f.store.get(.services, namespace: f.namespace, name: "web-pinned")[path: ["spec", "selector", "rollouts-pod-template-hash"]]
                == .string(hash))
    }
}
