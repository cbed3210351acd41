import Testing
import TandemKubeModel
@testable import TandemPairing

@Suite("pod template rewrite")
struct PodTemplateRewriteTests {
    /// A Rollout that references `settings` on every §6 path, plus an unrelated ConfigMap and
    /// fields tandem does not model.
    static let rollout: JSON = try! JSON.parse(#"""
    {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout",
     "metadata":{"name":"web","namespace":"shop","resourceVersion":"7"},
     "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
      "strategy":{"blueGreen":{"activeService":"web-active"}},
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{
       "initContainers":[{"name":"migrate","image":"repo/migrate:1",
         "env":[{"name":"A","valueFrom":{"configMapKeyRef":{"name":"settings","key":"A"}}}],
         "envFrom":[{"configMapRef":{"name":"settings"}},{"secretRef":{"name":"settings"}}]}],
       "containers":[
        {"name":"app","image":"repo/web:1.0","x-unknown":{"kept":true},
         "env":[{"name":"PLAIN","value":"settings"},
                {"name":"B","valueFrom":{"configMapKeyRef":{"name":"settings","key":"B","optional":true}}},
                {"name":"C","valueFrom":{"configMapKeyRef":{"name":"other","key":"C"}}},
                {"name":"S","valueFrom":{"secretKeyRef":{"name":"settings","key":"S"}}}],
         "envFrom":[{"prefix":"X_","configMapRef":{"name":"settings"}}]},
        {"name":"sidecar","image":"repo/proxy:2"}],
       "volumes":[{"name":"conf","configMap":{"name":"settings","items":[{"key":"a","path":"a"}]}},
                  {"name":"secret","secret":{"secretName":"settings"}},
                  {"name":"all","projected":{"sources":[{"configMap":{"name":"settings"}},{"secret":{"name":"settings"}},
                                                        {"configMap":{"name":"other"}}]}}]}}}}
    """#)

    @Test("renames the ConfigMap on every §6 path, in containers and initContainers, and nothing else")
    func renamesEveryPath() throws {
        let result = try PodTemplateRewrite.rewrite(
            rollout: Self.rollout, container: "app", image: nil, configMapRenames: ["settings": "settings-7hc895d47h"])
        let spec = result[path: ["spec", "template", "spec"]]
        let renamed: JSON = "settings-7hc895d47h"
        #expect(spec["initContainers"][0]["env"][0][path: ["valueFrom", "configMapKeyRef", "name"]] == renamed)
        #expect(spec["initContainers"][0]["envFrom"][0][path: ["configMapRef", "name"]] == renamed)
        #expect(spec["containers"][0]["env"][1][path: ["valueFrom", "configMapKeyRef", "name"]] == renamed)
        #expect(spec["containers"][0]["envFrom"][0][path: ["configMapRef", "name"]] == renamed)
        #expect(spec["volumes"][0][path: ["configMap", "name"]] == renamed)
        #expect(spec["volumes"][2][path: ["projected", "sources"]][0][path: ["configMap", "name"]] == renamed)
        // Untouched: Secrets of the same name, literal values, other ConfigMaps, unknown fields.
        #expect(spec["initContainers"][0]["envFrom"][1][path: ["secretRef", "name"]] == "settings")
        #expect(spec["containers"][0]["env"][0]["value"] == "settings")
        #expect(spec["containers"][0]["env"][2][path: ["valueFrom", "configMapKeyRef", "name"]] == "other")
        #expect(spec["containers"][0]["env"][3][path: ["valueFrom", "secretKeyRef", "name"]] == "settings")
        #expect(spec["volumes"][1][path: ["secret", "secretName"]] == "settings")
        #expect(spec["volumes"][2][path: ["projected", "sources"]][1][path: ["secret", "name"]] == "settings")
        #expect(spec["volumes"][2][path: ["projected", "sources"]][2][path: ["configMap", "name"]] == "other")
        #expect(spec["containers"][0]["x-unknown"] == ["kept": true])
        #expect(spec["volumes"][0][path: ["configMap", "items"]] == Self.rollout[path: ["spec", "template", "spec", "volumes"]][0][path: ["configMap", "items"]])
        #expect(result["metadata"] == Self.rollout["metadata"])
        #expect(result[path: ["spec", "strategy"]] == Self.rollout[path: ["spec", "strategy"]])
    }

    @Test("sets the image and the configuration in the same object (one revision)")
    func imageAndConfigTogether() throws {
        let result = try PodTemplateRewrite.rewrite(
            rollout: Self.rollout, container: "app", image: "repo/web:2.0", configMapRenames: ["settings": "settings-new"])
        let template = result[path: ["spec", "template"]]
        #expect(PodTemplateRewrite.image(inTemplate: template, container: "app") == "repo/web:2.0")
        #expect(PodTemplateRewrite.image(inTemplate: template, container: "sidecar") == "repo/proxy:2")
        #expect(PodTemplateRewrite.image(inTemplate: template, container: "migrate") == "repo/migrate:1")
        #expect(PodTemplateRewrite.configMapReferences(inTemplate: template) == ["settings-new", "other"])
    }

    @Test("lists the referenced ConfigMaps from every path")
    func references() {
        #expect(PodTemplateRewrite.configMapReferences(inTemplate: Self.rollout[path: ["spec", "template"]]) == ["settings", "other"])
    }

    @Test("the only container is the default; several containers need a name")
    func containerChoice() throws {
        var single = Self.rollout
        single[path: ["spec", "template", "spec", "containers"]] = [["name": "only", "image": "a:1"]]
        let result = try PodTemplateRewrite.rewrite(rollout: single, container: nil, image: "a:2", configMapRenames: [:])
        #expect(result[path: ["spec", "template", "spec", "containers"]][0]["image"] == "a:2")

        #expect(throws: PairingError.self) {
            try PodTemplateRewrite.rewrite(rollout: Self.rollout, container: nil, image: "x:1", configMapRenames: [:])
        }
        do {
            _ = try PodTemplateRewrite.rewrite(rollout: Self.rollout, container: "nope", image: "x:1", configMapRenames: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("container \"nope\" not found in Rollout \"web\" (it has: app, sidecar)"))
        }
    }

    @Test("a workloadRef Rollout is refused with a hint")
    func workloadRef() {
        var rollout = Self.rollout
        rollout[path: ["spec", "workloadRef"]] = ["kind": "Deployment", "name": "web"]
        #expect(throws: PairingError.self) {
            try PodTemplateRewrite.rewrite(rollout: rollout, container: "app", image: "x:1", configMapRenames: [:])
        }
    }

    @Test("finds the current version of a ConfigMap by base name")
    func currentVersion() throws {
        let template = Self.rollout[path: ["spec", "template"]]
        #expect(try VersionedConfigMap.currentName(base: "settings", inTemplate: template, rollout: "web") == "settings")
        let renamed = try PodTemplateRewrite.rewrite(rollout: Self.rollout, container: "app", image: nil,
                                                     configMapRenames: ["settings": "settings-7hc895d47h"])
        #expect(try VersionedConfigMap.currentName(base: "settings", inTemplate: renamed[path: ["spec", "template"]], rollout: "web")
            == "settings-7hc895d47h")
        #expect(throws: PairingError.self) {
            try VersionedConfigMap.currentName(base: "missing", inTemplate: template, rollout: "web")
        }
        #expect(VersionedConfigMap.isVersion("settings-4b7hkt7294", of: "settings"))
        #expect(!VersionedConfigMap.isVersion("settings-extra", of: "settings"))
        #expect(!VersionedConfigMap.isVersion("settings-aaaaaaaaaa", of: "settings"))
    }
}
