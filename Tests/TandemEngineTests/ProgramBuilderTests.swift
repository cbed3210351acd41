import Testing
import TandemPlan
@testable import TandemEngine

private func loanApp(coupling: Coupling = .lockstep, pairing: Pairing = .revision, order: ReleaseOrderKind = .dependenciesFirst,
                     checkpoints: [Checkpoint] = [Checkpoint(name: "qa", after: .deploy)]) -> ReleasePlan {
    ReleasePlan(
        name: "loan-app", namespace: "legacy", coupling: coupling, order: order, pairing: pairing,
        services: [
            ServiceSpec(name: "backend", rollout: "my-backend", image: "docker.io/kostiscodefresh/interest"),
            ServiceSpec(name: "frontend", rollout: "my-frontend", image: "docker.io/kostiscodefresh/loan",
                        dependsOn: [Dependency(service: "backend", configMap: "my-frontend-settings", key: "BACKEND_HOST")]),
        ],
        checkpoints: checkpoints)
}

private func describe(_ steps: [ProgramStep]) -> [String] { steps.map(\.description) }

@Suite("Release program")
struct ProgramBuilderTests {
    @Test("lockstep revision pairing deploys dependencies first, pins them, stops at the checkpoint, promotes consumers first")
    func lockstepRevision() {
        let steps = ProgramBuilder.build(plan: loanApp(), scope: ["backend", "frontend"])
        #expect(describe(steps) == [
            "deploy backend (wave 1)", "verify backend (wave 1)", "pin backend (wave 1)",
            "deploy frontend (wave 2)", "verify frontend (wave 2)",
            "checkpoint \"qa\"",
            "promote frontend (wave 1)", "promote backend (wave 2)",
            "collect-garbage",
        ])
    }

    @Test("lockstep preview pairing has no pin step and re-points each consumer after the last promotion")
    func lockstepPreview() {
        let steps = ProgramBuilder.build(plan: loanApp(pairing: .preview), scope: ["backend", "frontend"])
        #expect(describe(steps) == [
            "deploy backend (wave 1)", "verify backend (wave 1)",
            "deploy frontend (wave 2)", "verify frontend (wave 2)",
            "checkpoint \"qa\"",
            "promote frontend (wave 1)", "promote backend (wave 2)",
            "repoint frontend", "collect-garbage",
        ])
    }

    @Test("independent coupling promotes each wave right after it is verified, stopping before the first promotion")
    func independentDependenciesFirst() {
        let plan = loanApp(coupling: .independent, checkpoints: [.defaultPromote])
        #expect(describe(ProgramBuilder.build(plan: plan, scope: ["backend", "frontend"])) == [
            "deploy backend (wave 1)", "verify backend (wave 1)", "checkpoint \"promote\"", "promote backend (wave 1)",
            "deploy frontend (wave 2)", "verify frontend (wave 2)", "promote frontend (wave 2)",
            "collect-garbage",
        ])
    }

    @Test("independent consumersFirst releases the frontend before the backend")
    func independentConsumersFirst() {
        let plan = loanApp(coupling: .independent, order: .consumersFirst, checkpoints: [])
        #expect(describe(ProgramBuilder.build(plan: plan, scope: ["backend", "frontend"])) == [
            "deploy frontend (wave 1)", "verify frontend (wave 1)", "promote frontend (wave 1)",
            "deploy backend (wave 2)", "verify backend (wave 2)", "promote backend (wave 2)",
            "collect-garbage",
        ])
    }

    @Test("a checkpoint on a service outside the release still stops it where that service would have been")
    func checkpointOnSkippedService() {
        let plan = loanApp(checkpoints: [Checkpoint(name: "backend-qa", after: .deployOf("backend"))])
        let steps = ProgramBuilder.build(plan: plan, scope: ["frontend"])
        #expect(describe(steps) == [
            "checkpoint \"backend-qa\"",
            "deploy frontend (wave 2)", "verify frontend (wave 2)",
            "promote frontend (wave 1)", "collect-garbage",
        ])
    }

    @Test("a release in which nothing changes has no steps at all")
    func emptyRelease() {
        #expect(ProgramBuilder.build(plan: loanApp(), scope: []).isEmpty)
    }
}

@Suite("Release scope")
struct ReleaseScopeTests {
    @Test("a service whose tag equals what runs now is skipped")
    func unchangedTagIsSkipped() {
        let scope = ReleaseScope.services(in: loanApp(coupling: .independent), target: ["backend": "2.0", "frontend": "1.0"],
                                          running: ["backend": "1.0", "frontend": "1.0"])
        #expect(scope == ["backend"])
    }

    @Test("in lockstep a consumer of a changed dependency gets a new revision even with an unchanged tag")
    func lockstepPullsInConsumers() {
        let scope = ReleaseScope.services(in: loanApp(), target: ["backend": "2.0", "frontend": "1.0"],
                                          running: ["backend": "1.0", "frontend": "1.0"])
        #expect(scope == ["backend", "frontend"])
    }

    @Test("in lockstep a changed consumer does not pull in its unchanged dependency")
    func lockstepDoesNotPullInDependencies() {
        let scope = ReleaseScope.services(in: loanApp(), target: ["backend": "1.0", "frontend": "2.0"],
                                          running: ["backend": "1.0", "frontend": "1.0"])
        #expect(scope == ["frontend"])
    }
}
