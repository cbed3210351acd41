import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

private func rollout(_ name: String, image: String = "app:1") -> JSON {
    [
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
        "metadata": ["name": .string(name), "labels": ["app": .string(name)]],
        "spec": ["replicas": 2, "template": ["spec": ["containers": [["name": "app", "image": .string(image)]]]]],
        "status": ["phase": "Healthy"],
    ]
}

@Suite("ObjectStore")
struct ObjectStoreTests {
    @Test("create fills metadata, drops a Rollout's status and rejects duplicates")
    func createMetadata() async throws {
        let store = try ObjectStore(statePath: nil)
        let created = try await store.create(.rollouts, namespace: "shop", rollout("web"))
        #expect(created.namespace == "shop")
        #expect(created.generation == 1)
        #expect(created.uid != nil)
        #expect(created["status"].isNull)
        #expect(Int(created.resourceVersion ?? "") != nil)
        _ = try await store.get(.namespaces, namespace: nil, name: "shop")
        await #expect(throws: APIStatus.alreadyExists(.rollouts, "web")) {
            _ = try await store.create(.rollouts, namespace: "shop", rollout("web"))
        }
    }

    @Test("generation changes with spec only; status writes keep spec; main writes keep status")
    func generationAndStatus() async throws {
        let store = try ObjectStore(statePath: nil)
        var object = try await store.create(.rollouts, namespace: "default", rollout("web"))
        object.setLabel("team", "a")
        object = try await store.update(.rollouts, namespace: "default", object)
        #expect(object.generation == 1)
        object[path: ["spec", "replicas"]] = 3
        object["status"] = ["phase": "Ignored"]
        object = try await store.update(.rollouts, namespace: "default", object)
        #expect(object.generation == 2)
        #expect(object["status"].isNull)
        var statusWrite = object
        statusWrite["status"] = ["phase": "Paused"]
        statusWrite[path: ["spec", "replicas"]] = 9
        object = try await store.update(.rollouts, namespace: "default", statusWrite, subresource: .status)
        #expect(object["status"]["phase"] == "Paused")
        #expect(object["spec"]["replicas"] == 3)
        #expect(object.generation == 2)
    }

    @Test("a stale resourceVersion on update is a 409 Conflict")
    func conflict() async throws {
        let store = try ObjectStore(statePath: nil)
        let first = try await store.create(.configMaps, namespace: "default", ["metadata": ["name": "c"], "data": ["a": "1"]])
        var second = first
        second["data"] = ["a": "2"]
        _ = try await store.update(.configMaps, namespace: "default", second)
        await #expect(throws: APIStatus.conflict(.configMaps, "c")) {
            _ = try await store.update(.configMaps, namespace: "default", first)
        }
    }

    @Test("watch replays from a resourceVersion and answers 410 Gone outside the window")
    func watchWindow() async throws {
        let store = try ObjectStore(statePath: nil, eventWindow: 3)
        let start = await store.currentResourceVersion
        for i in 0..<2 { _ = try await store.create(.configMaps, namespace: "default", ["metadata": ["name": .string("c\(i)")]]) }
        var iterator = try await store.watch(.configMaps, namespace: "default", since: start).makeAsyncIterator()
        #expect(await iterator.next()?.object.name == "c0")
        #expect(await iterator.next()?.object.name == "c1")
        for i in 2..<6 { _ = try await store.create(.configMaps, namespace: "default", ["metadata": ["name": .string("c\(i)")]]) }
        #expect(await iterator.next()?.object.name == "c2")
        await #expect(throws: APIStatus.self) { _ = try await store.watch(.configMaps, namespace: nil, since: start) }
    }

    @Test("deleting an owner deletes its dependents")
    func cascade() async throws {
        let store = try ObjectStore(statePath: nil)
        let owner = try await store.create(.rollouts, namespace: "default", rollout("web"))
        _ = try await store.create(.replicaSets, namespace: "default", [
            "metadata": ["name": "web-1", "ownerReferences": [["uid": .string(owner.uid!), "controller": true]]],
        ])
        _ = try await store.delete(.rollouts, namespace: "default", name: "web")
        #expect(await store.list(.replicaSets, namespace: nil).items.isEmpty)
    }

    @Test("state survives a reopen and resourceVersions keep increasing")
    func persistence() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var lastRV = 0
        do {
            let store = try ObjectStore(statePath: path)
            let created = try await store.create(.rollouts, namespace: "shop", rollout("web"))
            lastRV = Int(created.resourceVersion!)!
        }
        let reopened = try ObjectStore(statePath: path)
        let web = try await reopened.get(.rollouts, namespace: "shop", name: "web")
        #expect(Int(web.resourceVersion!)! == lastRV)
        let next = try await reopened.create(.configMaps, namespace: "shop", ["metadata": ["name": "c"]])
        #expect(Int(next.resourceVersion!)! > lastRV)
        await #expect(throws: APIStatus.self) { _ = try await reopened.watch(nil, namespace: nil, since: "1") }
    }

    @Test("list filters by namespace, label selector and name")
    func listFilters() async throws {
        let store = try ObjectStore(statePath: nil)
        _ = try await store.create(.rollouts, namespace: "a", rollout("x"))
        _ = try await store.create(.rollouts, namespace: "b", rollout("y"))
        #expect(await store.list(.rollouts, namespace: nil).items.map(\.name) == ["x", "y"])
        #expect(await store.list(.rollouts, namespace: "b").items.map(\.name) == ["y"])
        #expect(await store.list(.rollouts, namespace: nil, labelSelector: try LabelSelector(parsing: "app=x")).items.map(\.name) == ["x"])
        #expect(await store.list(.rollouts, namespace: nil, fieldName: "y").items.map(\.name) == ["y"])
    }
}
