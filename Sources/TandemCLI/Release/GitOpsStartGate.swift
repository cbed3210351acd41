import TandemEngine
import TandemKube
import TandemPlan

/// What `release start` checks about Argo CD before anything changes (exit 2 on refusal).
enum GitOpsStartGate {
    static let overrideFlag = "--allow-argocd-managed"

    /// A direct-mode plan whose Rollouts Argo CD manages is refused, naming each Application.
    static func refuseArgoCDManaged(_ plan: ReleasePlan, client: KubeClient) async throws {
        guard plan.gitops == nil else { return }
        let managed: [DirectModeGuard.Managed]
        do {
            managed = try await DirectModeGuard.managed(plan: plan, client: client)
        } catch {
            throw CLIFailure(error)
        }
        guard !managed.isEmpty else { return }
        complain(DirectModeGuard.refusal(managed, overrideFlag: overrideFlag))
        throw ReportedFailure(.invalidInput)
    }

    /// The engine does not drive GitOps releases yet: refused before anything is recorded or
    /// written, rather than released in direct mode against Argo CD.
    static func refuseGitOps(_ plan: ReleasePlan) throws {
        guard plan.gitops != nil else { return }
        complain("error: this plan is in GitOps mode (spec.gitops); this build of tandem does not release GitOps plans yet and will not write to a cluster that Argo CD manages\n  hint: `tandem plan steps` shows the commits a GitOps release makes; remove spec.gitops to release in direct mode")
        throw ReportedFailure(.invalidInput)
    }
}
