import Testing
import TandemPlan
@testable import TandemEngine

@Suite("lockstep canary program")
struct CanaryProgramTests {
    static let group = CanaryGroup(stages: [CanaryStage(pauseIndex: 1, weight: 20), CanaryStage(pauseIndex: 3, weight: 50)])

    static func plan(_ checkpoints: [Checkpoint]) -> ReleasePlan {
        ReleasePlan(name: "c", namespace: "legacy", coupling: .lockstep, services: [
            ServiceSpec(name: "rates", image: "example/rates"),
            ServiceSpec(name: "backend", image: "example/backend",
                        dependsOn: [Dependency(service: "rates", configMap: "backend-settings", key: "RATES_HOST")]),
        ], checkpoints: checkpoints)
    }

    @Test("deploy leaves the group at the first pause; a canary-step and a verify of each member per later pause; promotion consumers first")
    func program() {
        let steps = ProgramBuilder.build(plan: Self.plan([Checkpoint(name: "half", after: .weight(50))]), scope: ["rates", "backend"], canary: Self.group)
        #expect(steps.map(\.description) == [
            "deploy rates (wave 1)", "verify rates (wave 1)", "pin rates (wave 1)",
            "deploy backend (wave 2)", "verify backend (wave 2)",
            "canary-step (stage 2)", "verify rates", "verify backend",
            "checkpoint \"half\"",
            "promote backend (wave 1)", "promote rates (wave 2)",
            "collect-garbage",
        ])
    }

    @Test("a checkpoint at the first stage's weight stops before the first canary-step, like after: deploy")
    func firstStageCheckpoint() {
        let steps = ProgramBuilder.build(plan: Self.plan([Checkpoint(name: "low", after: .weight(20))]), scope: ["rates", "backend"], canary: Self.group)
        let labels = steps.map(\.description)
        #expect(labels.firstIndex(of: "checkpoint \"low\"") == 5 && labels[6] == "canary-step (stage 2)", "\(labels)")
    }

    @Test("the canary-step is a barrier: it waits for every step before it, and every later step waits for it")
    func barrier() {
        let steps = ProgramBuilder.build(plan: Self.plan([]), scope: ["rates", "backend"], canary: Self.group)
        let snapshot = steps.enumerated().map { ReleaseSnapshot.Step(ordinal: $0.offset, kind: $0.element.kind, service: $0.element.service) }
        let graph = StepGraph(steps: snapshot, dependencies: ["backend": ["rates"]], lockstep: true)
        let canaryStep = steps.firstIndex { $0.kind == .canaryStep }!
        #expect(graph.barrier[canaryStep] == canaryStep)
        for later in (canaryStep + 1)..<steps.count { #expect(graph.barrier[later] > canaryStep) }
    }

    @Test("without a canary group the lockstep program is unchanged")
    func blueGreenUnchanged() {
        let plan = Self.plan([Checkpoint(name: "qa", after: .deploy)])
        #expect(ProgramBuilder.build(plan: plan, scope: ["rates", "backend"], canary: nil)
            == ProgramBuilder.build(plan: plan, scope: ["rates", "backend"]))
        #expect(!ProgramBuilder.build(plan: plan, scope: ["rates", "backend"]).contains { $0.kind == .canaryStep })
    }

    @Test("stages are read from the pause steps with the weight set before each")
    func stages() {
        #expect(CanaryGroup.stages(of: CanaryRolloutFixtures.standardSteps) == Self.group.stages)
        #expect(CanaryGroup.stages(of: [["pause": [:]], ["setWeight": 40], ["analysis": [:]], ["pause": [:]]])
            == [CanaryStage(pauseIndex: 0, weight: 0), CanaryStage(pauseIndex: 3, weight: 40)])
        #expect(Self.group.stageNumber(atWeight: 50) == 2 && Self.group.stageNumber(atWeight: 70) == nil)
    }
}

@Suite("plan steps of a lockstep canary plan")
struct CanaryPreviewTests {
    static let plan = CanaryProgramTests.plan([Checkpoint(name: "half", after: .weight(50))])

    @Test("with the group's stages: the canary-step says which pause and weight it moves the group to")
    func withStages() {
        let text = ProgramPreview.render(plan: Self.plan, versions: ["rates": "2.0", "backend": "2.0"], canary: CanaryProgramTests.group)
        #expect(text.contains("canary-step (stage 2) — promote every member one step, wait until all pause at canary step 3 (weight 50)"), "\(text)")
        #expect(text.contains("verify rates — paused at the group's stage"), "\(text)")
    }

    @Test("without a cluster: a weight checkpoint says where the stages come from")
    func withoutStages() {
        let text = ProgramPreview.render(plan: Self.plan, versions: ["rates": "2.0", "backend": "2.0"])
        #expect(text.contains("pass --kubeconfig, --context or --sim to read them"), "\(text)")
        #expect(!text.contains("canary-step"))
    }
}
