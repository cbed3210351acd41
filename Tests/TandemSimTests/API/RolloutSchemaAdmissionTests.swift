import Foundation
import Testing
import TandemKubeModel
import TandemSim

/// A Rollout write as the API server treats it with the Argo Rollouts CRD installed
/// (argo-rollouts manifests/crds/rollout-crd.yaml; Kubernetes "CustomResourceDefinition"
/// docs on pruning, validation and `fieldValidation`).
@Suite("Rollout writes against the CRD's structural schema")
struct RolloutSchemaAdmissionTests {
    let rollouts = "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts"

    @Test("a wrong type is 422 Invalid with a FieldValueTypeInvalid cause naming the field")
    func wrongTypeIsInvalid() async throws {
        try await HTTPTestClient.withCluster { client in
            var manifest = rolloutManifest("web")
            manifest[path: ["spec", "replicas"]] = "two"
            let reply = try await client.send("POST", rollouts, manifest)
            #expect(reply.status == 422)
            #expect(reply.json["reason"] == "Invalid")
            #expect(reply.json["message"].stringValue?.hasPrefix("Rollout.argoproj.io \"web\" is invalid: spec.replicas: Invalid value: \"string\"") == true)
            let cause = reply.json["details"]["causes"][0]
            #expect(cause["field"] == "spec.replicas")
            #expect(cause["reason"] == "FieldValueTypeInvalid")
            #expect(try await client.send("GET", rollouts + "/web").status == 404)
        }
    }

    @Test("blue-green without activeService and a Rollout without spec are 422 Required value")
    func requiredFieldsAreEnforced() async throws {
        try await HTTPTestClient.withCluster { client in
            var manifest = rolloutManifest("web")
            manifest[path: ["spec", "strategy", "blueGreen"]] = ["autoPromotionEnabled": false]
            let reply = try await client.send("POST", rollouts, manifest)
            #expect(reply.status == 422)
            #expect(reply.json["details"]["causes"][0]["field"] == "spec.strategy.blueGreen.activeService")
            #expect(reply.json["details"]["causes"][0]["reason"] == "FieldValueRequired")
            let noSpec = try await client.send("POST", rollouts, ["metadata": ["name": "bare"]])
            #expect(noSpec.status == 422)
            #expect(noSpec.json["details"]["causes"][0]["field"] == "spec")
        }
    }

    @Test("unknown fields are pruned with a Warning header; fieldValidation=Strict rejects them with 400")
    func unknownFieldsArePruned() async throws {
        try await HTTPTestClient.withCluster { client in
            var manifest = rolloutManifest("web")
            manifest[path: ["spec", "replicaz"]] = 3
            manifest[path: ["spec", "strategy", "blueGreen", "autoPromote"]] = true
            let created = try await client.send("POST", rollouts, manifest)
            #expect(created.status == 201)
            #expect(created.json[path: ["spec", "replicaz"]].isNull)
            #expect(created.json[path: ["spec", "strategy", "blueGreen", "autoPromote"]].isNull)
            #expect(created.json[path: ["spec", "strategy", "blueGreen", "activeService"]] == "web-active")
            let warning = created.headers["warning"] ?? ""
            #expect(warning.contains("299 - \"unknown field \\\"spec.replicaz\\\"\""))
            #expect(warning.contains("unknown field \\\"spec.strategy.blueGreen.autoPromote\\\""))
            let stored = try await client.send("GET", rollouts + "/web").json
            #expect(stored[path: ["spec", "replicaz"]].isNull)
            var strict = rolloutManifest("api")
            strict[path: ["spec", "replicaz"]] = 3
            let rejected = try await client.send("POST", rollouts + "?fieldValidation=Strict", strict)
            #expect(rejected.status == 400)
            #expect(rejected.json["message"] == "strict decoding error: unknown field \"spec.replicaz\"")
        }
    }

    @Test("spec.selector is immutable (the CRD's x-kubernetes-validations rule), for PUT and PATCH")
    func selectorIsImmutable() async throws {
        try await HTTPTestClient.withCluster { client in
            _ = try await client.send("POST", rollouts, rolloutManifest("web"))
            // The emulated controller writes the status meanwhile: re-read on 409 like any client.
            var put = HTTPTestClient.Reply(status: 0, headers: [:], body: Data())
            for _ in 0..<10 {
                var current = try await client.send("GET", rollouts + "/web").json
                current[path: ["spec", "selector"]] = ["matchLabels": ["app": "other"]]
                put = try await client.send("PUT", rollouts + "/web", current)
                if put.status != 409 { break }
            }
            #expect(put.status == 422)
            #expect(put.json["details"]["causes"][0]["field"] == "spec.selector")
            #expect(put.json["details"]["causes"][0]["message"] == "Invalid value: \"object\": .spec.selector is immutable")
            let patch = try await client.send("PATCH", rollouts + "/web", ["spec": ["selector": ["matchLabels": ["tier": "x"]]]],
                                              contentType: "application/merge-patch+json")
            #expect(patch.status == 422)
            let replicas = try await client.send("PATCH", rollouts + "/web", ["spec": ["replicas": 4]],
                                                 contentType: "application/merge-patch+json")
            #expect(replicas.status == 200)
        }
    }

    @Test("a Rollout PUT without metadata.resourceVersion is 422: custom resources have no unconditional update")
    func putWithoutResourceVersionIsInvalid() async throws {
        try await HTTPTestClient.withCluster { client in
            var current = try await client.send("POST", rollouts, rolloutManifest("web")).json
            var metadata = current["metadata"].objectValue ?? [:]
            metadata["resourceVersion"] = nil
            current["metadata"] = .object(metadata)
            current[path: ["spec", "replicas"]] = 3
            let reply = try await client.send("PUT", rollouts + "/web", current)
            #expect(reply.status == 422)
            #expect(reply.json["message"] == "Rollout.argoproj.io \"web\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update")
            // Core kinds keep unconditional update (AllowUnconditionalUpdate in their REST strategies).
            let configMaps = "/api/v1/namespaces/shop/configmaps"
            _ = try await client.send("POST", configMaps, ["metadata": ["name": "c"], "data": ["a": "1"]])
            let cm = try await client.send("PUT", configMaps + "/c", ["metadata": ["name": "c"], "data": ["a": "2"]])
            #expect(cm.status == 200)
        }
    }
}
