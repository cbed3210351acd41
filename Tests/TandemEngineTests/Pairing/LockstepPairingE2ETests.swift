import Foundation
import Testing
import TandemKube
import TandemKubeModel
@testable import TandemPairing
import TandemPlan
import TandemTestSupport
@testable import TandemEngine

/// The loan app of the Codefresh example released 1.0 → 4.0 on the simulated cluster, with the
/// pairing and client calls in lockstep order, checking the invariant after every step.
@Suite("lockstep pairing on the simulated cluster", .serialized)
struct LockstepPairingE2ETests {
    /// The example plan users copy (plans/loan-app.yaml), in pairing `mode`.
    static func loanApp(mode: PairingMode) throws -> PairingPlan {
        var plan = PairingPlan(try PlanLoader.load(text: try ExamplePlans.text("loan-app.yaml"), file: "loan-app.yaml"))
        plan.mode = mode
        return plan
    }

    /// Runs `body` on the loan app deployed at 1.0 as the example deploys it (kustomize ConfigMap).
    static func withLoanApp(mode: PairingMode, _ body: (SimWorld) async throws -> Void) async throws {
        try await SimWorld.with(plan: try loanApp(mode: mode)) { world in
            try await world.seed(world.plan.service("backend")!, app: "interest")
            try await world.seed(world.plan.service("frontend")!, app: "loan")
            try await world.waitHealthy("backend")
            try await world.waitHealthy("frontend")
            try await body(world)
        }
    }

    /// One lockstep release with revision pairing: deploy backend, pin, deploy frontend,
    /// promote frontend, promote backend, collect garbage — checking after every step.
    static func revisionRelease(_ version: String, world: SimWorld) async throws {
        let executor = PairingExecutor(client: world.client, plan: world.plan, release: version)
        try await world.deployImage(service: "backend", tag: version)
        try await world.expectPaired("\(version): deploy backend")
        let target = try await executor.pinNewRevision(dependency: "backend")
        try await world.expectPaired("\(version): pin backend")
        try await world.waitPaused("backend")
        try await world.expectPaired("\(version): backend preview ready")
        try await executor.deployConsumer(service: "frontend", tag: version, targets: ["backend": target])
        try await world.expectPaired("\(version): deploy frontend")
        try await world.waitPaused("frontend")
        try await world.expectPaired("\(version): frontend preview ready")
        try await world.promote("frontend")
        try await world.expectPaired("\(version): promote frontend")
        try await world.promote("backend")
        try await world.expectPaired("\(version): promote backend")
        try await executor.collectGarbage()
        try await world.expectPaired("\(version): garbage collection")
    }

    @Test("releases 1.0 → 4.0 with revision pairing: no mixed pair after any step, pods agree")
    func revisionPairingThroughFourReleases() async throws {
        try await Self.withLoanApp(mode: .revision) { world in
            try await world.expectPaired("1.0 deployed")
            for version in ["2.0", "3.0", "4.0"] {
                try await Self.revisionRelease(version, world: world)
            }
            let report = try await world.report()
            #expect(report.rows.filter { $0.role == .active }.map(\.version) == ["4.0"])
            #expect(report.rows.filter { $0.role == .active }.map(\.dependencyVersion) == ["4.0"])
        }
    }

    /// Release `version` the article's way: the new frontend reads backend-preview; with
    /// `repoint`, tandem's `pairing: preview` then re-points it at backend-active. With `check`,
    /// the invariant is checked after every step.
    static func previewRelease(_ version: String, world: SimWorld, repoint: Bool, check: Bool = false) async throws {
        func step(_ name: String) async throws { if check { try await world.expectPaired("\(version): \(name)") } }
        let executor = PairingExecutor(client: world.client, plan: world.plan, release: version)
        try await world.deployImage(service: "backend", tag: version)
        try await world.waitPaused("backend")
        try await step("deploy backend")
        let preview = try await executor.serviceTarget(dependency: "backend", preview: true, release: version)
        try await executor.deployConsumer(service: "frontend", tag: version, targets: ["backend": preview])
        try await step("deploy frontend")
        try await world.waitPaused("frontend")
        try await step("frontend preview ready")
        try await world.promote("frontend")
        try await step("promote frontend")
        try await world.promote("backend")
        try await step("promote backend")
        guard repoint else { return }
        let active = try await executor.serviceTarget(dependency: "backend", preview: false, release: version)
        try await executor.deployConsumer(service: "frontend", tag: nil, targets: ["backend": active])
        try await step("re-point frontend")
        try await world.client.promoteFull(world.plan.service("frontend")!.rollout, namespace: world.plan.service("frontend")!.namespace)
        try await world.waitHealthy("frontend")
        try await step("re-pointed frontend promoted")
    }

    @Test("the article's way: the live 2.0 frontend calls the 3.0 backend during release 3.0, and the report catches it")
    func articleFlawIsCaught() async throws {
        try await Self.withLoanApp(mode: .preview) { world in
            try await Self.previewRelease("2.0", world: world, repoint: false)
            try await world.expectPaired("2.0 released the article's way")
            // Release 3.0, first step: deploy the new backend. backend-preview follows it at once.
            try await world.deployImage(service: "backend", tag: "3.0")
            try await world.waitPaused("backend")
            let report = try await world.report()
            let live = report.rows.first { $0.role == .active }
            #expect(live?.version == "2.0")
            #expect(live?.targetService == "backend-preview")
            #expect(live?.dependencyVersion == "3.0")
            #expect(live?.verdict == .mixed)
            #expect(live?.podReachedVersion == "3.0", "the live pod itself says it reaches 3.0")
            #expect(report.hasMixed)
        }
    }

    @Test("pairing: preview with the re-point holds the invariant after every step of releases 2.0 → 4.0")
    func previewWithRepoint() async throws {
        try await Self.withLoanApp(mode: .preview) { world in
            for version in ["2.0", "3.0", "4.0"] {
                try await Self.previewRelease(version, world: world, repoint: true, check: true)
            }
            let report = try await world.report()
            let live = report.rows.first { $0.role == .active }
            #expect(live?.targetService == "backend-active")
            #expect(live?.version == "4.0")
            #expect(live?.dependencyVersion == "4.0")
            #expect(live?.podReachedVersion == "4.0")
        }
    }
}
