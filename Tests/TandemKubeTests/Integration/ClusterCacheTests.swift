import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemPairing
import TandemSim

/// The release's watch cache against the simulated cluster: one LIST + WATCH per resource type and
/// namespace, resumed after a cut stream, listed again after 410 Gone, never older than its own writes.
@Suite("Watch cache against the simulated cluster", .serialized)
struct ClusterCacheTests {
    static func configMap(_ name: String, namespace: String, data: [String: String], labels: [String: String] = [:]) -> JSON {
        ["apiVersion": "v1", "kind": "ConfigMap",
         "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": JSON(labels)], "data": JSON(data)]
    }

    static func requests(_ client: KubeClient) async throws -> Int {
        try await client.getPath("/tandem-sim/metrics")["requests"]["total"].intValue ?? 0
    }

    /// Polls a counter of the cache (not the cluster) until it reaches `value`; the counters have no waiters.
    static func eventually(_ what: String, within: Duration = .seconds(10), _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + within
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { Issue.record("\(what) did not happen within \(within)"); return }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("after one LIST and one WATCH, reads, selector lookups and waits cost no request")
    func readsCostNothing() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache1")
        let writer = try sim.client(.bearerToken, namespace: "cache1")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await writer.shutdown(); await sim.stop() } }
        for (name, tier) in [("a", "web"), ("b", "web"), ("c", "db")] {
            _ = try await writer.create(.configMaps, Self.configMap(name, namespace: "cache1", data: ["k": name], labels: ["tier": tier]))
        }
        let before = try await Self.requests(writer)
        #expect(try await cache.objects(.configMaps, namespace: nil, labelSelector: nil).map(\.name) == ["a", "b", "c"])
        // Another client's change arrives through the watch, so the watch is open from here on.
        _ = try await writer.create(.configMaps, Self.configMap("d", namespace: "cache1", data: ["k": "d"], labels: ["tier": "db"]))
        let seen = try await cache.waitFor(.configMaps, name: "d", namespace: nil, until: WaitCondition("present") { $0 != nil },
                                           deadline: .now + .seconds(10), describe: { _ in "" })
        #expect(seen?["data"]["k"] == "d")
        let afterWatch = try await Self.requests(writer)
        for _ in 0..<20 {
            #expect(try await cache.object(.configMaps, namespace: nil, name: "b")?["data"]["k"] == "b")
            #expect(try await cache.object(.configMaps, namespace: nil, name: "absent") == nil)
            let db = try await cache.objects(.configMaps, namespace: nil, labelSelector: try LabelSelector(parsing: "tier=db"))
            #expect(db.map(\.name) == ["c", "d"])
        }
        let error = await #expect(throws: KubeError.self) { try await cache.required(.configMaps, name: "absent") }
        #expect(error?.isNotFound == true)
        #expect(try await Self.requests(writer) == afterWatch)
        // LIST + WATCH + the create of "d" (the simulator does not count its metrics reads).
        #expect(afterWatch - before == 3)
        let counts = await cache.requestCounts()
        #expect(counts.lists == 1 && counts.watches == 1)
    }

    @Test("a paged LIST (limit/continue) returns every object once, transformed, with the first page's resourceVersion")
    func pagedList() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "paged")
        defer { Task { await client.shutdown(); await sim.stop() } }
        for index in 0..<7 {
            _ = try await client.create(.configMaps, Self.configMap("cm-\(index)", namespace: "paged", data: ["k": "\(index)"]))
        }
        let whole = try await client.list(.configMaps)
        let before = try await Self.requests(client)
        let paged = try await client.listPaged(.configMaps, pageSize: 3) { object in
            var object = object
            object.setLabel("seen", "yes")
            return object
        }
        #expect(paged.items.map(\.name) == (0..<7).map { "cm-\($0)" })
        #expect(paged.items.allSatisfy { $0.labels["seen"] == "yes" })
        #expect(paged.resourceVersion == whole.resourceVersion)
        #expect(paged.continueToken == nil)
        // Three pages: 3 + 3 + 1.
        #expect(try await Self.requests(client) - before == 3)
    }

    @Test("a watch the server cuts resumes from its resourceVersion without listing again")
    func resumesAfterCut() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache2")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await sim.stop() } }
        try await sim.fault(["pathContains": "/namespaces/cache2/configmaps", "method": "GET", "cutWatchAfterEvents": 1, "count": 2])
        #expect(try await cache.objects(.configMaps, namespace: nil, labelSelector: nil).isEmpty)
        for index in 0..<4 {
            _ = try await client.create(.configMaps, Self.configMap("m\(index)", namespace: "cache2", data: ["i": "\(index)"]))
        }
        let all = try await cache.objects(.configMaps, namespace: nil, labelSelector: nil, until: { $0.count == 4 }, deadline: .now + .seconds(10))
        #expect(all.map(\.name) == ["m0", "m1", "m2", "m3"])
        let counts = await cache.requestCounts()
        #expect(counts.lists == 1)
        #expect(counts.watches >= 3, "two cut watches and the one that stays open")
    }

    @Test("410 Gone on a resumed watch lists again; objects created and deleted meanwhile are right")
    func relistsAfterGone() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache3")
        let writer = try sim.client(.bearerToken, namespace: "cache3")
        let cache = ClusterCache(client: client, watchTimeout: .seconds(1))
        defer { Task { await cache.stop(); await client.shutdown(); await writer.shutdown(); await sim.stop() } }
        _ = try await writer.create(.configMaps, Self.configMap("old", namespace: "cache3", data: ["v": "1"]))
        #expect(try await cache.object(.configMaps, namespace: nil, name: "old") != nil)
        // The open watch ends after its 1 s timeout; its resume is answered 410 (as after etcd compaction).
        try await sim.fault(["pathContains": "/namespaces/cache3/configmaps", "method": "GET", "status": 410, "count": 1])
        #expect(try await writer.delete(.configMaps, name: "old"))
        _ = try await writer.create(.configMaps, Self.configMap("new", namespace: "cache3", data: ["v": "2"]))
        try await Self.eventually("a second LIST") { await cache.requestCounts().lists == 2 }
        #expect(try await sim.activeFaults().isEmpty)
        let names = try await cache.objects(.configMaps, namespace: nil, labelSelector: nil, until: { $0.map(\.name) == ["new"] },
                                            deadline: .now + .seconds(10)).map(\.name)
        #expect(names == ["new"])
    }

    @Test("a read right after this client's write never returns the copy from before it")
    func readsItsOwnWrites() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache4")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await sim.stop() } }
        var object = try await client.create(.configMaps, Self.configMap("c", namespace: "cache4", data: ["n": "0"]))
        for round in 1...30 {
            object["data"] = ["n": .string("\(round)")]
            let written = try await client.update(.configMaps, object)
            object = written
            // No wait: the cache itself holds the read until its watch has delivered this write.
            let read = try await cache.object(.configMaps, namespace: nil, name: "c")
            #expect(read?["data"]["n"].stringValue == "\(round)")
            #expect(read?.resourceVersion == written.resourceVersion)
            let listed = try await cache.objects(.configMaps, namespace: nil, labelSelector: nil)
            #expect(listed.first?["data"]["n"].stringValue == "\(round)")
        }
        #expect(client.writes.lastWrite(.configMaps, namespace: "cache4", name: "c") == object.resourceVersion)
    }

    @Test("updateRollout through the cache starts from the cached copy and re-reads live after a 409")
    func updateRetriesConflict() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache5")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await sim.stop() } }
        try await Fixtures.deploy(client, "web", namespace: "cache5", image: "shop/web:1")
        _ = try await cache.rollout("web")
        try await sim.fault(["pathContains": "/rollouts/web", "method": "PUT", "status": 409, "count": 2])
        let updated = try await cache.updateRollout("web") {
            try PodTemplateRewrite.rewrite(rollout: $0, container: "web", image: "shop/web:2", configMapRenames: [:])
        }
        #expect(updated.template.containers.first?.image == "shop/web:2")
        #expect(try await sim.activeFaults().isEmpty)
        // The cache serves the write at once (freshness), and the live object agrees.
        #expect(try await cache.rollout("web").template.containers.first?.image == "shop/web:2")
        #expect(try await client.rollout("web").template.containers.first?.image == "shop/web:2")
    }

    @Test("a wait through the cache that times out names what it waited for and what it last saw")
    func waitTimesOut() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache6")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await sim.stop() } }
        let error = await #expect(throws: KubeError.self) {
            try await cache.waitForRollout("absent", until: .healthy, deadline: .now + .milliseconds(300))
        }
        #expect(error?.description.contains("waiting for rollout cache6/absent to be Healthy; last observed: not found") == true,
                "\(String(describing: error))")
    }

    @Test("a stopped cache refuses reads with a clear error instead of waiting")
    func stoppedCache() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "cache7")
        let cache = ClusterCache(client: client)
        defer { Task { await client.shutdown(); await sim.stop() } }
        let informer = cache.informer(.configMaps, namespace: nil)
        _ = try await cache.objects(.configMaps, namespace: nil, labelSelector: nil)
        await informer.stop()
        let error = await #expect(throws: KubeError.self) {
            try await informer.wait(for: nil, atLeast: nil, until: .now + .seconds(5)) { _ in 1 }
        }
        #expect(error?.description.contains("the cache of configmaps in namespace \"cache7\" was stopped") == true)
        // The cache itself starts a fresh informer after `stop()`.
        await cache.stop()
        #expect(try await cache.objects(.configMaps, namespace: nil, labelSelector: nil).isEmpty)
        await cache.stop()
    }
}
