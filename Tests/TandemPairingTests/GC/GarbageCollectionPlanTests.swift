import Testing
import TandemKubeModel
@testable import TandemPairing

@Suite("garbage collection planning")
struct GarbageCollectionPlanTests {
    typealias F = Fixtures
    static let b1 = "5b8c6f4d9f", b2 = "6cbccd9f99", b3 = "74b948fccb"

    /// Three frontend configurations (releases 1.0–3.0) pinned to three backend revisions.
    static func world(frontendRevisions: [Int], rolloutUses: Int) -> (ClusterSnapshot, [VersionedConfigMap]) {
        let hashes = [b1, b2, b3]
        let configs = (0..<3).map { F.tandemConfigMap(backendHost: PinnedService.name(service: "backend", hash: hashes[$0]),
                                                       release: "\($0 + 1).0") }
        var rollout = F.blueGreen("my-frontend", app: "loan", active: "frontend-active", preview: "frontend-preview", stable: nil, current: nil)
        rollout[path: ["spec", "template", "spec", "containers"]] =
            [["name": "main", "image": "x", "envFrom": [["configMapRef": ["name": .string(configs[rolloutUses].name)]]]]]
        let snapshot = ClusterSnapshot(
            rollouts: [rollout],
            replicaSets: frontendRevisions.map { F.replicaSet("my-frontend", app: "loan", hash: "f\($0)", image: "repo/loan:\($0 + 1).0",
                                                              configMap: configs[$0].name, replicas: 0) },
            services: [F.pinned(hash: b1, release: "1.0"), F.pinned(hash: b2, release: "2.0"), F.pinned(hash: b3, release: "3.0"),
                       F.service("backend-active", selector: ["app": "interest"])],
            configMaps: configs.map(\.object) + [F.plainConfigMap("unrelated", data: ["X": "backend-\(b1)-not-a-word"])])
        return (snapshot, configs)
    }

    @Test("keeps what revision history still references and deletes the rest")
    func followsHistory() {
        let (snapshot, configs) = Self.world(frontendRevisions: [1, 2], rolloutUses: 2)
        let plan = GarbageCollectionPlan.compute(plan: "loan-app", snapshot: snapshot)
        #expect(plan.configMaps == ["legacy/\(configs[0].name)"])
        #expect(plan.services == ["legacy/backend-\(Self.b1)"])
    }

    @Test("nothing in use is deleted: every revision in history keeps its ConfigMap and pinned Service")
    func allInUse() {
        let (snapshot, _) = Self.world(frontendRevisions: [0, 1, 2], rolloutUses: 2)
        #expect(GarbageCollectionPlan.compute(plan: "loan-app", snapshot: snapshot).isEmpty)
    }

    @Test("the Rollout's own template protects a ConfigMap whose ReplicaSet does not exist yet")
    func rolloutTemplateProtects() {
        let (snapshot, configs) = Self.world(frontendRevisions: [0], rolloutUses: 2)
        let plan = GarbageCollectionPlan.compute(plan: "loan-app", snapshot: snapshot)
        #expect(plan.configMaps == ["legacy/\(configs[1].name)"])
        #expect(plan.services == ["legacy/backend-\(Self.b2)"])
    }

    @Test("objects of other plans, objects not made by tandem and kept names are never candidates")
    func onlyOurs() {
        let (snapshot, configs) = Self.world(frontendRevisions: [2], rolloutUses: 2)
        #expect(GarbageCollectionPlan.compute(plan: "other-plan", snapshot: snapshot).isEmpty)
        let kept = GarbageCollectionPlan.compute(plan: "loan-app", snapshot: snapshot,
                                                 keep: ["legacy/\(configs[0].name)", "legacy/backend-\(Self.b2)"])
        #expect(kept.configMaps == ["legacy/\(configs[1].name)"])
        // b1 stays: the ConfigMap that names it is kept.
        #expect(kept.services.isEmpty)
        #expect(!kept.configMaps.contains("legacy/unrelated"))
    }

    @Test("a value names a Service only as a whole word")
    func wordMatch() {
        #expect(GarbageCollectionPlan.names("backend-abc", in: "http://backend-abc:8080/x"))
        #expect(GarbageCollectionPlan.names("backend-abc", in: "backend-abc.legacy.svc"))
        #expect(!GarbageCollectionPlan.names("backend-abc", in: "backend-abcd"))
        #expect(!GarbageCollectionPlan.names("backend-abc", in: "my-backend-abc"))
    }
}
