import Foundation
import Testing
import TandemKubeModel
import TandemSim

@Suite("API server over HTTP")
struct APIServerTests {
    let rollouts = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"

    private func withCluster(faults: Bool = false, _ body: (SimulatedCluster, HTTPTestClient) async throws -> Void) async throws {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(faultsEnabled: faults))
        do {
            try await body(cluster, HTTPTestClient(baseURL: cluster.baseURL))
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    @Test("discovery lists rollouts with short name, status subresource and printer-friendly kinds")
    func discovery() async throws {
        try await withCluster { _, client in
            let groups = try await client.send("GET", "/apis").json
            #expect(groups["groups"].arrayValue?.compactMap { $0["name"].stringValue }.contains("argoproj.io") == true)
            let resources = try await client.send("GET", "/apis/argoproj.io/v1alpha1").json["resources"].arrayValue ?? []
            let ro = resources.first { $0["name"] == "rollouts" }
            #expect(ro?["shortNames"] == ["ro"])
            #expect(resources.contains { $0["name"] == "rollouts/status" })
            #expect(try await client.send("GET", "/version").json["major"] == "1")
            #expect(try await client.send("GET", "/apis/nope/v1").status == 404)
        }
    }

    @Test("create, get, list with selectors; list items carry kind and apiVersion")
    func crud() async throws {
        try await withCluster { _, client in
            #expect(try await client.send("POST", rollouts, rolloutManifest("web")).status == 201)
            #expect(try await client.send("POST", rollouts, rolloutManifest("api")).status == 201)
            let duplicate = try await client.send("POST", rollouts, rolloutManifest("web"))
            #expect(duplicate.status == 409)
            #expect(duplicate.json["reason"] == "AlreadyExists")
            let list = try await client.send("GET", rollouts + "?labelSelector=app%3Dweb").json
            #expect(list["kind"] == "RolloutList")
            #expect(list["items"].arrayValue?.map(\.name) == ["web"])
            #expect(list["items"][0]["kind"] == "Rollout")
            #expect(list["metadata"]["resourceVersion"].stringValue != nil)
            let byName = try await client.send("GET", "/apis/argoproj.io/v1alpha1/rollouts?fieldSelector=metadata.name%3Dapi").json
            #expect(byName["items"].arrayValue?.map(\.name) == ["api"])
            let missing = try await client.send("GET", rollouts + "/nope")
            #expect(missing.status == 404)
            #expect(missing.json["message"] == "rollouts.argoproj.io \"nope\" not found")
            #expect(try await client.send("DELETE", rollouts + "/api").status == 200)
            #expect(try await client.send("GET", rollouts + "/api").status == 404)
        }
    }

    @Test("PUT with a stale resourceVersion is 409; generation follows spec changes only")
    func putConflictAndGeneration() async throws {
        try await withCluster { _, client in
            let configMaps = "/api/v1/namespaces/shop/configmaps"
            var cm = try await client.send("POST", configMaps, ["metadata": ["name": "c"], "data": ["a": "1"]]).json
            let stale = cm
            cm["data"] = ["a": "2"]
            let updated = try await client.send("PUT", configMaps + "/c", cm)
            #expect(updated.status == 200)
            #expect(updated.json["data"]["a"] == "2")
            let conflict = try await client.send("PUT", configMaps + "/c", stale)
            #expect(conflict.status == 409)
            #expect(conflict.json["reason"] == "Conflict")
            // Rollouts (the emulated controller writes their status meanwhile; patches need no resourceVersion).
            _ = try await client.send("POST", rollouts, rolloutManifest("web"))
            let labelled = try await client.send("PATCH", rollouts + "/web", ["metadata": ["labels": ["extra": "yes"]]],
                                                 contentType: "application/merge-patch+json").json
            #expect(labelled.generation == 1)
            let patched = try await client.send("PATCH", rollouts + "/web", ["spec": ["replicas": 5]],
                                                contentType: "application/merge-patch+json").json
            #expect(patched.generation == 2)
        }
    }

    @Test("status subresource: main writes ignore status, /status writes ignore the rest; strategic merge is 415 for rollouts")
    func statusSubresource() async throws {
        try await withCluster { _, client in
            _ = try await client.send("POST", rollouts, rolloutManifest("web"))
            let viaMain = try await client.send("PATCH", rollouts + "/web", ["status": ["abort": true]],
                                                contentType: "application/merge-patch+json").json
            #expect(viaMain["status"]["abort"].isNull)
            let viaStatus = try await client.send("PATCH", rollouts + "/web/status",
                                                  ["status": ["abort": true], "spec": ["replicas": 9]],
                                                  contentType: "application/merge-patch+json").json
            #expect(viaStatus["status"]["abort"] == true)
            #expect(viaStatus["spec"]["replicas"] == 2)
            #expect(viaStatus.generation == 1)
            let smp = try await client.send("PATCH", rollouts + "/web", ["spec": ["replicas": 3]],
                                            contentType: "application/strategic-merge-patch+json")
            #expect(smp.status == 415)
            _ = try await client.send("POST", "/api/v1/namespaces/shop/configmaps", ["metadata": ["name": "c"], "data": ["a": "1"]])
            let cmStatus = try await client.send("PATCH", "/api/v1/namespaces/shop/configmaps/c/status", ["status": [:]],
                                                 contentType: "application/merge-patch+json")
            #expect(cmStatus.status == 404)
            let jsonPatch = try await client.send("PATCH", "/api/v1/namespaces/shop/configmaps/c",
                                                  [["op": "replace", "path": "/data/a", "value": "2"]],
                                                  contentType: "application/json-patch+json").json
            #expect(jsonPatch["data"]["a"] == "2")
        }
    }

    @Test("watch replays events after a resourceVersion and reports 410 as an ERROR event")
    func watch() async throws {
        try await withCluster { _, client in
            let configMaps = "/api/v1/namespaces/shop/configmaps"
            let start = try await client.send("POST", configMaps, ["metadata": ["name": "c"], "data": ["a": "1"]]).json.resourceVersion!
            _ = try await client.send("PATCH", configMaps + "/c", ["data": ["a": "4"]], contentType: "application/merge-patch+json")
            _ = try await client.send("DELETE", configMaps + "/c")
            let events = try await client.send("GET", configMaps + "?watch=true&resourceVersion=\(start)&timeoutSeconds=1").lines
            #expect(events.map { $0["type"].stringValue ?? "" } == ["MODIFIED", "DELETED"])
            #expect(events.first?["object"]["data"]["a"] == "4")
            let initial = try await client.send("GET", "/api/v1/namespaces?watch=1&timeoutSeconds=1").lines
            #expect(initial.contains { $0["type"] == "ADDED" && $0["object"].name == "default" })
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sim-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try await SimulatedCluster.start(options: SimulatedClusterOptions(statePath: path))
        let configMaps = "/api/v1/namespaces/shop/configmaps"
        let rv = try await HTTPTestClient(baseURL: first.baseURL).send("POST", configMaps, ["metadata": ["name": "c"]]).json.resourceVersion!
        await first.stop()
        let second = try await SimulatedCluster.start(options: SimulatedClusterOptions(statePath: path))
        let client = HTTPTestClient(baseURL: second.baseURL)
        let events = try await client.send("GET", configMaps + "?watch=true&resourceVersion=1").lines
        #expect(events.count == 1)
        #expect(events.first?["type"] == "ERROR")
        #expect(events.first?["object"]["code"] == 410)
        let kept = try await client.send("GET", configMaps + "/c").json
        #expect(kept.resourceVersion == rv)
        let next = try await client.send("POST", configMaps, ["metadata": ["name": "d"]]).json
        #expect(Int(next.resourceVersion!)! > Int(rv)!)
        await second.stop()
    }

    @Test("tokens: read-only may read but not write, unknown tokens get 401, SSAR answers per caller")
    func tokens() async throws {
        try await withCluster { cluster, admin in
            var readOnly = admin
            readOnly.token = cluster.readOnlyToken
            #expect(try await readOnly.send("GET", rollouts).status == 200)
            let denied = try await readOnly.send("POST", rollouts, rolloutManifest("web"))
            #expect(denied.status == 403)
            #expect(denied.json["reason"] == "Forbidden")
            var bogus = admin
            bogus.token = "not-a-token"
            #expect(try await bogus.send("GET", rollouts).status == 401)
            let review: JSON = ["kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                                "spec": ["resourceAttributes": ["verb": "patch", "group": "argoproj.io", "resource": "rollouts"]]]
            let ssar = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"
            #expect(try await readOnly.send("POST", ssar, review).json["status"]["allowed"] == false)
            var full = admin
            full.token = cluster.adminToken
            #expect(try await full.send("POST", ssar, review).json["status"]["allowed"] == true)
        }
    }

    @Test("faults: 429 with Retry-After for the next N matching requests, then normal; watch cut after N events")
    func faults() async throws {
        try await withCluster(faults: true) { _, client in
            let rule: JSON = ["pathContains": "/rollouts", "method": "GET", "count": 2, "status": 429, "retryAfterSeconds": 7]
            #expect(try await client.send("POST", "/tandem-sim/faults", rule).status == 201)
            let first = try await client.send("GET", rollouts)
            #expect(first.status == 429)
            #expect(first.headers["retry-after"] == "7")
            #expect(first.json["details"]["retryAfterSeconds"] == 7)
            #expect(try await client.send("GET", rollouts).status == 429)
            #expect(try await client.send("GET", rollouts).status == 200)
            for name in ["a", "b", "c"] { _ = try await client.send("POST", rollouts, rolloutManifest(name)) }
            _ = try await client.send("POST", "/tandem-sim/faults", ["pathContains": "/rollouts", "cutWatchAfterEvents": 2])
            let cut = try await client.send("GET", rollouts + "?watch=true").lines
            #expect(cut.count == 2)
            _ = try await client.send("POST", "/tandem-sim/faults", ["status": 500])
            #expect(try await client.send("DELETE", "/tandem-sim/faults").json["faults"] == [])
            #expect(try await client.send("GET", rollouts).status == 200)
        }
    }

    @Test("metrics count the requests answered, by kind")
    func metrics() async throws {
        try await withCluster { _, client in
            let before = try await client.send("GET", "/tandem-sim/metrics").json["requests"]
            _ = try await client.send("POST", rollouts, rolloutManifest("web"))
            _ = try await client.send("GET", rollouts)
            _ = try await client.send("GET", rollouts + "/web")
            _ = try await client.send("PATCH", rollouts + "/web", ["spec": ["paused": true]], contentType: "application/merge-patch+json")
            let after = try await client.send("GET", "/tandem-sim/metrics").json["requests"]
            #expect((after["read"].intValue ?? 0) - (before["read"].intValue ?? 0) == 2)
            #expect(after["create"].intValue == 1)
            #expect(after["patch"].intValue == 1)
            #expect((after["total"].intValue ?? 0) - (before["total"].intValue ?? 0) == 4)
            let byResource = try await client.send("GET", "/tandem-sim/metrics").json["byResource"]
            #expect(byResource["create rollouts"].intValue == 1)
            #expect(byResource["list rollouts"].intValue ?? 0 >= 1)
            #expect(byResource["get rollouts"].intValue ?? 0 >= 1)
            #expect(byResource["patch rollouts"].intValue == 1)
        }
    }

    @Test("kubectl Table output: rollouts carry the CRD printer columns")
    func table() async throws {
        try await withCluster { _, client in
            _ = try await client.send("POST", rollouts, rolloutManifest("web"))
            let table = try await client.send("GET", rollouts, accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").json
            #expect(table["kind"] == "Table")
            #expect(table["columnDefinitions"].arrayValue?.compactMap { $0["name"].stringValue }
                    == ["Name", "Desired", "Current", "Up-to-date", "Available", "Age"])
            #expect(table["rows"][0]["cells"][0] == "web")
            #expect(table["rows"][0]["cells"][1] == 2)
        }
    }
}
