import Testing
@testable import TandemKube
import TandemKubeModel

@Suite("What the watch cache drops from an object")
struct CachedObjectTrimTests {
    private static let applied = "kubectl.kubernetes.io/last-applied-configuration"

    private static func object(annotations: JSON) -> JSON {
        ["metadata": ["name": "web-abc", "labels": ["app": "web"], "annotations": annotations,
                      "managedFields": [["manager": "kubectl", "operation": "Update", "fieldsType": "FieldsV1",
                                         "fieldsV1": ["f:spec": ["f:replicas": [:]]]]]],
         "spec": ["replicas": 2]]
    }

    @Test("managedFields goes from every type; everything else stays", arguments: [ResourceType.rollouts, .replicaSets, .services, .configMaps, .pods, .leases])
    func managedFieldsDropped(type: ResourceType) {
        let trimmed = CachedObjectTrim.trimmed(Self.object(annotations: ["team": "loans"]), type: type)
        #expect(trimmed[path: ["metadata", "managedFields"]].isNull)
        #expect(trimmed.labels == ["app": "web"])
        #expect(trimmed.annotations == ["team": "loans"])
        #expect(trimmed[path: ["spec", "replicas"]] == 2)
    }

    @Test("last-applied goes from ReplicaSets and Pods, never from a type tandem writes back from the cache")
    func lastAppliedOnlyFromReadOnlyTypes() {
        let original = Self.object(annotations: [Self.applied: "{\"kind\":\"Rollout\"}", "team": "loans"])
        for type in [ResourceType.replicaSets, .pods] {
            #expect(CachedObjectTrim.trimmed(original, type: type).annotations == ["team": "loans"], "\(type)")
        }
        for type in [ResourceType.rollouts, .services, .configMaps, .leases] {
            #expect(CachedObjectTrim.trimmed(original, type: type).annotations[Self.applied] == "{\"kind\":\"Rollout\"}", "\(type)")
        }
        // The only annotation gone: no empty annotations object is left behind.
        let onlyApplied = Self.object(annotations: [Self.applied: "{}"])
        #expect(CachedObjectTrim.trimmed(onlyApplied, type: .pods)[path: ["metadata", "annotations"]].isNull)
    }

    @Test("an object with nothing to drop is returned as it was")
    func untouched() {
        let plain: JSON = ["metadata": ["name": "web"], "spec": ["replicas": 1]]
        #expect(CachedObjectTrim.trimmed(plain, type: .rollouts) == plain)
    }
}
