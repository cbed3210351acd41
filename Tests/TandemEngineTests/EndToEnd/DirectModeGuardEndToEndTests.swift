import Foundation
import Testing

/// Direct mode against Rollouts that Argo CD manages, and GitOps plans at `release start`:
/// the real binary against `tandem sim serve`, with the markers Argo CD puts on what it applies.
@Suite("direct mode guard end to end (real binary, simulated cluster, kubectl)", .serialized)
struct DirectModeGuardEndToEndTests {
    static let plan = LoanAppPlan.yaml()

    func withWorld(_ body: (TandemBinary) throws -> Void) throws {
        let tandem = try TandemBinary(plan: Self.plan)
        defer { tandem.stop() }
        #expect(try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"]).status == 0)
        try body(tandem)
    }

    @Test("Rollouts marked by Argo CD (tracking annotation, instance label): exit 2 naming each Application, nothing recorded or changed")
    func refusesManagedRollouts() throws {
        try withWorld { tandem in
            _ = try tandem.kubectl(["annotate", "rollout", "my-backend", "-n", "legacy",
                                    "argocd.argoproj.io/tracking-id=loan-backend:argoproj.io/Rollout:legacy/my-backend"])
            _ = try tandem.kubectl(["label", "rollout", "my-frontend", "-n", "legacy", "app.kubernetes.io/instance=loan-frontend"])
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 2, "\(start.output)")
            #expect(start.output.contains("Rollout legacy/my-backend belongs to Argo CD Application \"loan-backend\" (argocd.argoproj.io/tracking-id)"), "\(start.output)")
            #expect(start.output.contains("Rollout legacy/my-frontend belongs to Argo CD Application \"loan-frontend\" (app.kubernetes.io/instance)"), "\(start.output)")
            #expect(start.output.contains("add a \"gitops:\" section") && start.output.contains("--allow-argocd-managed"))
            #expect(try tandem.newestRelease() == "")
            let image = try tandem.kubectl(["get", "rollout", "my-backend", "-n", "legacy", "-o",
                                            "jsonpath={.spec.template.spec.containers[0].image}"])
            #expect(image == "docker.io/kostiscodefresh/interest:1.0")
        }
    }

    @Test("--allow-argocd-managed overrides the guard: the release runs to its checkpoint (exit 3)")
    func overrideFlagReleases() throws {
        try withWorld { tandem in
            _ = try tandem.kubectl(["label", "rollout", "my-backend", "-n", "legacy", "app.kubernetes.io/instance=loan-backend"])
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--allow-argocd-managed"])
            #expect(start.status == 3, "\(start.output)")
        }
    }

    @Test("unmarked Rollouts are released as before")
    func unmanagedRolloutsRelease() throws {
        try withWorld { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
        }
    }
}
