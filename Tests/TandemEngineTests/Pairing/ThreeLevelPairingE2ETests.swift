import Foundation
import Testing
import TandemKube
import TandemKubeModel
@testable import TandemPairing
@testable import TandemEngine

/// web → api → db-proxy, plus admin → api: lockstep with revision pairing through two releases.
@Suite("three-level lockstep pairing on the simulated cluster", .serialized)
struct ThreeLevelPairingE2ETests {
    static let namespace = "shop"
    static let plan = PairingPlan(
        name: "shop",
        services: [
            PairingService(name: "db-proxy", namespace: namespace, image: "repo/db-proxy"),
            PairingService(name: "api", namespace: namespace, image: "repo/api"),
            PairingService(name: "web", namespace: namespace, image: "repo/web"),
            PairingService(name: "admin", namespace: namespace, image: "repo/admin"),
        ],
        edges: [
            PairingEdge(consumer: "api", dependency: "db-proxy", configMap: "api-settings", key: "DB_HOST"),
            PairingEdge(consumer: "web", dependency: "api", configMap: "web-settings", key: "API_URL", valueTemplate: "http://{host}:{port}/v1"),
            PairingEdge(consumer: "admin", dependency: "api", configMap: "admin-settings", key: "API_HOST"),
        ])

    /// One release in lockstep order: deploy waves dependencies first (pinning each new
    /// revision before its consumers deploy), then promote waves consumers first.
    static func release(_ version: String, world: SimWorld) async throws {
        let executor = PairingExecutor(client: world.client, plan: world.plan, release: version)
        try await world.deployImage(service: "db-proxy", tag: version)
        try await world.expectPaired("\(version): deploy db-proxy")
        let db = try await executor.pinNewRevision(dependency: "db-proxy")
        try await world.waitPaused("db-proxy")
        try await world.expectPaired("\(version): pin db-proxy")
        try await executor.deployConsumer(service: "api", tag: version, targets: ["db-proxy": db])
        try await world.expectPaired("\(version): deploy api")
        let api = try await executor.pinNewRevision(dependency: "api")
        try await world.waitPaused("api")
        try await world.expectPaired("\(version): pin api")
        for consumer in ["web", "admin"] {
            try await executor.deployConsumer(service: consumer, tag: version, targets: ["api": api])
            try await world.expectPaired("\(version): deploy \(consumer)")
        }
        try await world.waitPaused("web")
        try await world.waitPaused("admin")
        try await world.expectPaired("\(version): previews ready")
        for service in ["web", "admin", "api", "db-proxy"] {
            try await world.promote(service)
            try await world.expectPaired("\(version): promote \(service)")
        }
    }

    @Test("holds the invariant through two releases; garbage collection leaves exactly the pinned Services in use")
    func twoReleases() async throws {
        try await SimWorld.with(plan: Self.plan) { world in
            for (service, app) in [("db-proxy", "db"), ("api", "api"), ("web", "web"), ("admin", "admin")] {
                // No revision history: old ReplicaSets go as soon as they are scaled down, so GC has work.
                try await world.seed(world.plan.service(service)!, app: app, historyLimit: 0)
            }
            for service in ["db-proxy", "api", "web", "admin"] { try await world.waitHealthy(service) }
            try await world.expectPaired("1.0 deployed")

            try await Self.release("2.0", world: world)
            let executor = PairingExecutor(client: world.client, plan: world.plan, release: "2.0")
            try await executor.collectGarbage()
            try await Self.expectOnlyInUse(world: world)

            try await Self.release("3.0", world: world)
            try await Self.waitForOldRevisionsGone(world: world)
            let before = try await SnapshotReader(client: world.client).read(plan: world.plan, askPods: false)
            let release2Pins = before.services.filter { $0.labels[TandemLabels.revision] != nil && $0.labels[TandemLabels.release] == "2.0" }
                .map { "\(Self.namespace)/\($0.name)" }
            #expect(release2Pins.count == 2)
            let collected = try await PairingExecutor(client: world.client, plan: world.plan, release: "3.0").collectGarbage()
            #expect(collected.services == release2Pins.sorted(), "collected: \(collected)")
            #expect(collected.configMaps.count == 3, "the three 2.0 configurations: \(collected)")
            try await world.expectPaired("3.0: garbage collection")
            try await Self.expectOnlyInUse(world: world)

            let snapshot = try await SnapshotReader(client: world.client).read(plan: world.plan, askPods: false)
            let pinned = snapshot.services.filter { $0.labels[TandemLabels.revision] != nil }
            #expect(pinned.map { $0.labels[TandemLabels.release] ?? "" }.sorted() == ["3.0", "3.0"])
            #expect(pinned.map { $0.labels[TandemLabels.service] ?? "" }.sorted() == ["api", "db-proxy"])
            let report = PairingReport.compute(plan: world.plan, snapshot: snapshot)
            #expect(report.rows.count == 3)
            #expect(report.rows.allSatisfy { $0.version == "3.0" && $0.dependencyVersion == "3.0" && $0.verdict == .ok })
        }
    }

    /// Every remaining pinned Service is named by a ConfigMap some template references, and
    /// every tandem ConfigMap is referenced by a template: nothing kept that is not in use.
    static func expectOnlyInUse(world: SimWorld, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let snapshot = try await SnapshotReader(client: world.client).read(plan: world.plan, askPods: false)
        let templates = snapshot.replicaSets.map { $0[path: ["spec", "template"]] } + snapshot.rollouts.map { $0[path: ["spec", "template"]] }
        let referenced = Set(templates.flatMap { PodTemplateRewrite.configMapReferences(inTemplate: $0) })
        let ours = snapshot.configMaps.filter { TandemLabels.isManagedByTandem($0.labels) }
        #expect(ours.allSatisfy { referenced.contains($0.name) }, "unreferenced: \(ours.map(\.name).filter { !referenced.contains($0) })",
                sourceLocation: sourceLocation)
        let values = snapshot.configMaps.filter { referenced.contains($0.name) }.flatMap { $0["data"].stringMap.values }
        let pinned = snapshot.services.filter { $0.labels[TandemLabels.revision] != nil }.map(\.name)
        let inUse = pinned.filter { name in values.contains { GarbageCollectionPlan.names(name, in: $0) } }
        #expect(Set(pinned) == Set(inUse), "pinned \(pinned.sorted()), in use \(inUse.sorted())", sourceLocation: sourceLocation)
        // And every Service a referenced ConfigMap names exists (nothing in use was deleted).
        for value in values {
            guard let target = ValueTemplate("{host}").target(in: value), target.service.contains("-"),
                  !target.service.hasSuffix("-active"), !target.service.hasSuffix("-preview") else { continue }
            #expect(snapshot.services.contains { $0.name == target.service }, "\(target.service) was deleted but is in use",
                    sourceLocation: sourceLocation)
        }
    }

    /// Waits (up to 20 s) until each Rollout has only its current ReplicaSet left.
    static func waitForOldRevisionsGone(world: SimWorld) async throws {
        for _ in 0..<100 {
            let replicaSets = try await world.client.list(.replicaSets, namespace: namespace).items
            if replicaSets.count == world.plan.services.count { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("old ReplicaSets were not deleted within 20 s")
    }
}
