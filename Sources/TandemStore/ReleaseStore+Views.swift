import GRDB

extension ReleaseStore {
    /// `release list --json`: newest first.
    public func listView(plan: String? = nil, environment: String? = nil, limit: Int? = nil) async throws -> [ReleaseSummaryView] {
        try await releases(plan: plan, environment: environment, limit: limit).map(ReleaseSummaryView.init)
    }

    /// `release status <id> --json`, read in one transaction so steps and checkpoints agree.
    public func statusView(_ releaseID: String) async throws -> ReleaseStatusView {
        try await writer.read { db in
            let release = try fetchRelease(db, releaseID)
            let steps = try StepRecord.filter(StepRecord.Columns.releaseID == releaseID)
                .order(StepRecord.Columns.ordinal).fetchAll(db)
            let checkpoints = try CheckpointRecord.filter(CheckpointRecord.Columns.releaseID == releaseID)
                .order(Column("id")).fetchAll(db)
            let decisions = try ApprovalRecord.filter(ApprovalRecord.Columns.releaseID == releaseID)
                .order(ApprovalRecord.Columns.id).fetchAll(db)
            return ReleaseStatusView(
                release: ReleaseSummaryView(release),
                steps: steps.map(StepView.init),
                checkpoints: checkpoints.map { c in CheckpointView(c, decisions: decisions.filter { $0.checkpoint == c.name }) })
        }
    }

    /// `release log --json` / SSE.
    public func eventViews(of releaseID: String? = nil, after: Int64 = 0, limit: Int = 1000) async throws -> [EventView] {
        try await events(of: releaseID, after: after, limit: limit).map(EventView.init)
    }
}
