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
    /// Argo's `isRollbackWithinWindow` (rollout/sync.go): the new RS is older than the stable one and
    /// fewer than `spec.rollbackWindow.revisions` (> 0) RSs were created strictly between the two;
    /// RSs newer than the stable one do not count. Creation order is the RSs' original revision.
    static func contains(_ newRS: JSON, snapshot: RolloutSnapshot) -> Bool {
        guard let window = snapshot.spec[path: ["rollbackWindow", "revisions"]].intValue, window > 0,
              let stable = snapshot.replicaSet(withHash: snapshot.status["stableRS"].stringValue) else { return false }
        let newAge = RolloutSnapshot.originalRevision(of: newRS)
        let stableAge = RolloutSnapshot.originalRevision(of: stable)
        guard newAge < stableAge else { return false }
        let between = snapshot.replicaSets.filter {
            let age = RolloutSnapshot.originalRevision(of: $0)
            return age > newAge && age < stableAge
        }.count
        return between < window
    }
}
