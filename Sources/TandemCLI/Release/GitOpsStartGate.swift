import TandemEngine
import TandemKube
import TandemPlan

/// What `release start` checks about Argo CD before anything changes (exit 2 on refusal).
enum GitOpsStartGate {
    static let overrideFlag = "--allow-argocd-managed"

    /// A direct-mode plan whose Rollouts Argo CD manages is refused, naming each Application.
    static func refuseArgoCDManaged(_ plan: ReleasePlan, reads: any KubeReads) async throws {
        guard plan.gitops == nil else { return }
        let managed: [DirectModeGuard.Managed]
        do {
            managed = try await DirectModeGuard.managed(plan: plan, reads: reads)
        } catch {
            throw CLIFailure(error)
        }
        guard !managed.isEmpty else { return }
        complain(DirectModeGuard.refusal(managed, overrideFlag: overrideFlag))
        throw ReportedFailure(.invalidInput)
    }
}
