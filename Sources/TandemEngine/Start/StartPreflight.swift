import TandemKube

/// What `ReleaseStarter.start` refuses before it takes a Lease or records anything, for every
/// front end (the CLI's `release start`/`promote`/`rollback`, `POST /api/releases`): a GitOps plan
/// goes through `GitOpsPreflight`; a direct-mode plan whose Rollouts Argo CD manages is refused
/// (`DirectModeGuard.Refusal`) unless the request allows it. A rollback release is not refused by
/// the guard: it returns the Rollouts to what ran before, and blocking it would leave the new
/// versions running.
/// The guard reads through the release's watch cache (`reads`), the LIST the release keeps anyway.
enum StartPreflight {
    static func check(_ request: ReleaseRequest, client: KubeClient, reads: any KubeReads) async throws {
        if request.plan.gitops != nil {
            try await GitOpsPreflight.check(plan: request.plan, planPath: request.planPath, versions: request.versions, client: client)
        } else if !request.allowArgoCDManaged, request.rollbackOf == nil {
            try await DirectModeGuard.refuseManaged(plan: request.plan, reads: reads)
        }
    }
}
