import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// API conventions of the real API server (Kubernetes API concepts and conventions docs,
/// k8s.io/apiserver) that clients nobody here wrote rely on.
@Suite("API server conventions")
struct APIConventionsTests {
    let rollouts = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"
    let configMaps = "/api/v1/namespaces/shop/configmaps"
    let services = "/api/v1/namespaces/shop/services"

    @Test("dryRun=All answers like a real write and persists nothing (kubectl --dry-run=server)")
    func dryRunPersistsNothing() async throws {
        try await HTTPTestClient.withCluster { client in
            let before = try await client.send("GET", configMaps).json["metadata"]["resourceVersion"]
            let created = try await client.send("POST", configMaps + "?dryRun=All", ["metadata": ["name": "c"], "data": ["a": "1"]])
            #expect(created.status == 201)
            #expect(created.json["metadata"]["uid"].stringValue != nil)
            #expect(try await client.send("GET", configMaps + "/c").status == 404)
            #expect(try await client.send("GET", configMaps).json["metadata"]["resourceVersion"] == before)
            _ = try await client.send("POST", configMaps, ["metadata": ["name": "c"], "data": ["a": "1"]])
            let patched = try await client.send("PATCH", configMaps + "/c?dryRun=All", ["data": ["a": "2"]],
                                                contentType: "application/merge-patch+json")
            #expect(patched.json["data"]["a"] == "2")
            #expect(try await client.send("GET", configMaps + "/c").json["data"]["a"] == "1")
            #expect(try await client.send("DELETE", configMaps + "/c?dryRun=All").status == 200)
            #expect(try await client.send("GET", configMaps + "/c").status == 200)
            #expect(try await client.send("POST", configMaps + "?dryRun=Some", ["metadata": ["name": "d"]]).status == 400)
            var bad = rolloutManifest("web")
            bad[path: ["spec", "replicas"]] = "two"
            #expect(try await client.send("POST", rollouts + "?dryRun=All", bad).status == 422)
        }
    }

    @Test("a Service gets clusterIP, type ClusterIP, sessionAffinity None, port protocol TCP and targetPort = port")
    func serviceDefaults() async throws {
        try await HTTPTestClient.withCluster { client in
            let svc = try await client.send("POST", services, [
                "metadata": ["name": "web"], "spec": ["selector": ["app": "web"], "ports": [["port": 80]]],
            ]).json["spec"]
            #expect(svc["type"] == "ClusterIP")
            #expect(svc["sessionAffinity"] == "None")
            let ip = try #require(svc["clusterIP"].stringValue)
            #expect(ip.hasPrefix("10.96."))
            #expect(svc["clusterIPs"] == [.string(ip)])
            #expect(svc["ports"][0]["protocol"] == "TCP")
            #expect(svc["ports"][0]["targetPort"] == 80)
            // An update that omits the clusterIP keeps the allocated one.
            let current = try await client.send("GET", services + "/web").json
            var replacement = current
            replacement[path: ["spec"]] = ["selector": ["app": "web2"], "ports": [["port": 80]]]
            let updated = try await client.send("PUT", services + "/web", replacement).json
            #expect(updated[path: ["spec", "clusterIP"]].stringValue == ip)
            let other = try await client.send("POST", services, ["metadata": ["name": "api"], "spec": ["ports": [["port": 80]]]]).json
            #expect(other[path: ["spec", "clusterIP"]].stringValue != ip)
        }
    }

    @Test("pod templates of ReplicaSets get the core pod defaults; a Rollout's template is stored as written")
    func podTemplateDefaults() async throws {
        try await HTTPTestClient.withCluster { client in
            let template: JSON = ["metadata": ["labels": ["app": "w"]],
                                  "spec": ["containers": [["name": "c", "image": "app:1", "ports": [["containerPort": 8080]],
                                                           "readinessProbe": ["httpGet": ["path": "/", "port": 8080]]]]]]
            let rs = try await client.send("POST", "/apis/apps/v1/namespaces/shop/replicasets", [
                "metadata": ["name": "w"], "spec": ["replicas": 0, "selector": ["matchLabels": ["app": "w"]], "template": template],
            ]).json[path: ["spec", "template", "spec"]]
            #expect(rs["restartPolicy"] == "Always")
            #expect(rs["terminationGracePeriodSeconds"] == 30)
            #expect(rs["dnsPolicy"] == "ClusterFirst")
            let container = rs["containers"][0]
            #expect(container["terminationMessagePath"] == "/dev/termination-log")
            #expect(container["terminationMessagePolicy"] == "File")
            #expect(container["imagePullPolicy"] == "IfNotPresent")
            #expect(container["ports"][0]["protocol"] == "TCP")
            #expect(container["readinessProbe"]["periodSeconds"] == 10)
            #expect(container["readinessProbe"]["failureThreshold"] == 3)
            let rollout = try await client.send("POST", rollouts, rolloutManifest("web", image: "app")).json
            #expect(rollout[path: ["spec", "template", "spec", "restartPolicy"]].isNull)
            #expect(rollout[path: ["spec", "template", "spec", "containers"]][0]["image"] == "app")
            #expect(rollout[path: ["spec", "template", "spec", "containers"]][0]["imagePullPolicy"].isNull)
        }
    }

    @Test("DELETE answers Status Success for custom resources and ConfigMaps, the object for Pods and Services")
    func deleteAnswers() async throws {
        try await HTTPTestClient.withCluster { client in
            let created = try await client.send("POST", rollouts, rolloutManifest("web")).json
            let status = try await client.send("DELETE", rollouts + "/web")
            #expect(status.status == 200)
            #expect(status.json["kind"] == "Status")
            #expect(status.json["status"] == "Success")
            #expect(status.json["details"]["name"] == "web")
            #expect(status.json["details"]["group"] == "argoproj.io")
            #expect(status.json["details"]["kind"] == "rollouts")
            #expect(status.json["details"]["uid"] == created["metadata"]["uid"])
            _ = try await client.send("POST", configMaps, ["metadata": ["name": "c"]])
            #expect(try await client.send("DELETE", configMaps + "/c").json["kind"] == "Status")
            _ = try await client.send("POST", services, ["metadata": ["name": "s"], "spec": ["ports": [["port": 80]]]])
            let svc = try await client.send("DELETE", services + "/s").json
            #expect(svc["kind"] == "Service")
            #expect(svc["metadata"]["name"] == "s")
        }
    }

    @Test("the Rollout scale subresource reads and writes spec.replicas as an autoscaling/v1 Scale")
    func scaleSubresource() async throws {
        try await HTTPTestClient.withCluster { client in
            _ = try await client.send("POST", rollouts, rolloutManifest("web", replicas: 2))
            let scale = try await client.send("GET", rollouts + "/web/scale").json
            #expect(scale["kind"] == "Scale")
            #expect(scale["apiVersion"] == "autoscaling/v1")
            #expect(scale["spec"]["replicas"] == 2)
            var put = scale
            put["spec"] = ["replicas": 5]
            #expect(try await client.send("PUT", rollouts + "/web/scale", put).json["spec"]["replicas"] == 5)
            #expect(try await client.send("GET", rollouts + "/web").json[path: ["spec", "replicas"]] == 5)
            let patched = try await client.send("PATCH", rollouts + "/web/scale", ["spec": ["replicas": 3]],
                                                contentType: "application/merge-patch+json")
            #expect(patched.json["spec"]["replicas"] == 3)
            var stale = scale
            stale["spec"] = ["replicas": 9]
            #expect(try await client.send("PUT", rollouts + "/web/scale", stale).status == 409)
            #expect(try await client.send("PATCH", rollouts + "/web/scale", ["spec": ["replicas": -1]],
                                          contentType: "application/merge-patch+json").status == 422)
            #expect(try await client.send("GET", rollouts + "/nope/scale").status == 404)
        }
    }

    @Test("!= field selectors exclude by name and namespace")
    func notEqualFieldSelectors() async throws {
        try await HTTPTestClient.withCluster { client in
            for name in ["a", "b", "c"] { _ = try await client.send("POST", configMaps, ["metadata": ["name": .string(name)]]) }
            let list = try await client.send("GET", configMaps + "?fieldSelector=metadata.name!%3Db").json
            #expect(list["items"].arrayValue?.map(\.name) == ["a", "c"])
            let none = try await client.send("GET", "/api/v1/configmaps?fieldSelector=metadata.namespace!%3Dshop").json
            #expect(none["items"].arrayValue?.isEmpty == true)
        }
    }

    @Test("limit/continue pages through a list; remainingItemCount counts what is left")
    func paging() async throws {
        try await HTTPTestClient.withCluster { client in
            for name in ["a", "b", "c", "d", "e"] { _ = try await client.send("POST", configMaps, ["metadata": ["name": .string(name)]]) }
            var names: [String] = []
            var token = ""
            var pages = 0
            repeat {
                let query = "?limit=2" + (token.isEmpty ? "" : "&continue=" + (token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
                let page = try await client.send("GET", configMaps + query).json
                names += page["items"].arrayValue?.map(\.name) ?? []
                token = page["metadata"]["continue"].stringValue ?? ""
                if pages == 0 { #expect(page["metadata"]["remainingItemCount"] == 3) }
                pages += 1
            } while !token.isEmpty && pages < 10
            #expect(names == ["a", "b", "c", "d", "e"])
            #expect(pages == 3)
            #expect(try await client.send("GET", configMaps + "?limit=2&continue=bogus").status == 400)
        }
    }

    @Test("a label-selector watch sends DELETED when an object leaves the selector and ADDED when it enters")
    func selectorWatchTransitions() async throws {
        try await HTTPTestClient.withCluster { client in
            _ = try await client.send("POST", configMaps, ["metadata": ["name": "c", "labels": ["tier": "web"]]])
            let start = try await client.send("GET", configMaps).json["metadata"]["resourceVersion"].stringValue ?? ""
            let merge = "application/merge-patch+json"
            _ = try await client.send("PATCH", configMaps + "/c", ["metadata": ["labels": ["tier": "db"]]], contentType: merge)
            _ = try await client.send("PATCH", configMaps + "/c", ["data": ["x": "1"]], contentType: merge)
            _ = try await client.send("PATCH", configMaps + "/c", ["metadata": ["labels": ["tier": "web"]]], contentType: merge)
            _ = try await client.send("PATCH", configMaps + "/c", ["data": ["x": "2"]], contentType: merge)
            let events = try await client.send("GET", configMaps + "?watch=true&labelSelector=tier%3Dweb&resourceVersion=\(start)&timeoutSeconds=1").lines
            #expect(events.map { $0["type"].stringValue ?? "" } == ["DELETED", "ADDED", "MODIFIED"])
            // The DELETED event carries the object as it last matched, at the new resourceVersion.
            #expect(events.first?["object"]["metadata"]["labels"]["tier"] == "web")
            #expect(events.first?["object"]["metadata"]["resourceVersion"].stringValue.flatMap(Int.init) ?? 0 > Int(start) ?? 0)
        }
    }
}
