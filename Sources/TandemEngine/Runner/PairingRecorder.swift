import TandemPairing
import TandemStore

/// Records the live pairing report (who calls which version, `tandem pairs`) in the audit log at the
/// moments people look at a release: when it stops at a checkpoint, when it succeeds, and after a
/// rollback. The dashboard's pairing table reads the newest one. Best effort: a report that cannot
/// be read is noted in the log and never fails the release.
struct PairingRecorder {
    /// Asking every pod through the API server's proxy costs a request per pod; above this many
    /// services the report is computed from the objects alone.
    static let askPodsUpTo = 25

    let context: ReleaseContext

    func record(_ moment: String) async {
        let plan = context.pairingPlan
        do {
            let snapshot = try await SnapshotReader(reads: context.reads)
                .read(plan: plan, askPods: context.plan.services.count <= Self.askPodsUpTo)
            let report = PairingReport.compute(plan: plan, snapshot: snapshot)
            let verdict = report.hasMixed ? "\(report.mixed.count) MIXED pair(s)" : "every pair matched"
            try await context.store.appendEvent(
                releaseID: context.releaseID, kind: .pairingReport,
                message: "pairing \(moment): \(report.rows.count) row(s), \(verdict)",
                data: "{\"pairing\":\(report.json())}")
        } catch {
            context.logger.warning("pairing report not recorded", metadata: ["error": "\(error)"])
            _ = try? await context.store.appendEvent(releaseID: context.releaseID, kind: .pairingReport,
                                                     message: "pairing \(moment): not recorded: \(error)")
        }
    }
}
