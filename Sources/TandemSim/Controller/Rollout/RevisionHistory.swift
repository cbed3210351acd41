import Foundation
import TandemKubeModel

/// revisionHistoryLimit (reference §3.8) and rollbackWindow (§1) over the Rollout's ReplicaSets.
enum RevisionHistory {
    /// Deletes the oldest old RSs beyond the limit (default 10), only those scaled to 0 in spec and status.
    static func cleanUp(_ snapshot: inout RolloutSnapshot, keep: Set<String>, store: ObjectStore) async {
        let limit = snapshot.spec["revisionHistoryLimit"].intValue ?? 10
        let candidates = snapshot.replicaSets
            .filter { !keep.contains(RolloutSnapshot.hash(of: $0)) && $0.rsSpecReplicas == 0 && $0.rsReplicas == 0 }
            .sorted { RolloutSnapshot.originalRevision(of: $0) < RolloutSnapshot.originalRevision(of: $1) }
        let old = snapshot.replicaSets.filter { !keep.contains(RolloutSnapshot.hash(of: $0)) }
        guard old.count > limit else { return }
        for rs in candidates.prefix(old.count - limit) {
            await ReplicaSetWriter(store: store).delete(rs)
            snapshot.replicaSets.removeAll { $0.name == rs.name }
        }
    }
}

enum RollbackWindow {
    /// The new RS is older than the stable one and at most `spec.rollbackWindow.revisions`
    /// RSs were created after it.
    static func contains(_ newRS: JSON, snapshot: RolloutSnapshot) -> Bool {
        guard let window = snapshot.spec[path: ["rollbackWindow", "revisions"]].intValue,
              let stable = snapshot.replicaSet(withHash: snapshot.status["stableRS"].stringValue) else { return false }
        let newAge = RolloutSnapshot.originalRevision(of: newRS)
        guard newAge < RolloutSnapshot.originalRevision(of: stable) else { return false }
        let newer = snapshot.replicaSets.filter { RolloutSnapshot.originalRevision(of: $0) > newAge }.count
        return newer <= window
    }
}
