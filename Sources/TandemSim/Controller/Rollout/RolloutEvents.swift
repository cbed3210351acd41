import Foundation
import TandemKubeModel

/// The Kubernetes Events the Argo Rollouts controller records on a Rollout (reasons and messages
/// from argo-rollouts utils/conditions/conditions.go, rollout/sync.go, rollout/service.go and
/// rollout/analysis.go), so `kubectl get events` and `kubectl describe rollout` show them.
struct RolloutEvents {
    let store: ObjectStore
    private var recorder: EventRecorder { EventRecorder(store: store) }

    /// `NewReplicaSetCreated`: "Created ReplicaSet NAME (revision N)".
    func newReplicaSet(_ rs: JSON, revision: Int) async {
        await record(ownerOf: rs, reason: "NewReplicaSetCreated", message: "Created ReplicaSet \(rs.name) (revision \(revision))")
    }

    /// `ScalingReplicaSet`: "Scaled up|down ReplicaSet NAME (revision N) from A to B".
    func scaled(_ rs: JSON, from old: Int, to new: Int) async {
        guard old != new else { return }
        let revision = rs.annotations[ArgoKeys.revision] ?? "0"
        await record(ownerOf: rs, reason: "ScalingReplicaSet",
                     message: "Scaled \(new > old ? "up" : "down") ReplicaSet \(rs.name) (revision \(revision)) from \(old) to \(new)")
    }

    /// `SwitchService`: "Switched selector for service 'S' from 'OLD' to 'NEW'".
    func switched(_ service: JSON, from old: String, to new: String, rollout: String) async {
        let namespace = service.namespace ?? "default"
        let uid = (try? await store.get(.rollouts, namespace: namespace, name: rollout))?.uid
        await record(rollout: rollout, uid: uid, namespace: namespace, reason: "SwitchService",
                     message: "Switched selector for service '\(service.name)' from '\(old)' to '\(new)'")
    }

    /// `RolloutUpdated` (`setRolloutRevision`, rollout/sync.go): "Rollout updated to revision N".
    func updated(_ rollout: JSON, revision: Int) async {
        await record(rollout, reason: "RolloutUpdated", message: "Rollout updated to revision \(revision)")
    }

    /// `RolloutCompleted` (`promoteStable`): "Rollout completed update to revision N (HASH): REASON".
    func completed(_ rollout: JSON, revision: Int, hash: String, reason: String) async {
        await record(rollout, reason: "RolloutCompleted", message: "Rollout completed update to revision \(revision) (\(hash)): \(reason)")
    }

    /// `RolloutNotCompleted` (`calculateRolloutConditions`, when Completed turns False):
    /// "Rollout not completed, started update to revision N (HASH)".
    func notCompleted(_ rollout: JSON, revision: Int, hash: String) async {
        await record(rollout, reason: "RolloutNotCompleted", message: "Rollout not completed, started update to revision \(revision) (\(hash))")
    }

    /// `sendStateChangeEvents`: `RolloutPaused` "Rollout is paused (REASON)", or `RolloutResumed`
    /// "Rollout is resumed" when the pause conditions went away other than by an abort.
    func pauseChanged(_ rollout: JSON, old: JSON, new: JSON) async {
        let before = old["pauseConditions"].arrayValue ?? [], after = new["pauseConditions"].arrayValue ?? []
        guard before.isEmpty != after.isEmpty else { return }
        if let first = after.first {
            await record(rollout, reason: "RolloutPaused", message: "Rollout is paused (\(first["reason"].stringValue ?? ""))")
        } else if new["abortedAt"].isNull {
            await record(rollout, reason: "RolloutResumed", message: "Rollout is resumed")
        }
    }

    /// `RolloutAborted` (Warning) with the Progressing condition's message, when it is set.
    func aborted(_ rollout: JSON, message: String) async {
        await record(rollout, reason: "RolloutAborted", message: message, type: .warning)
    }

    /// `RolloutStepCompleted`: "Rollout step I/N completed (STEP)".
    func stepCompleted(_ rollout: JSON, step: Int, of count: Int, description: String) async {
        await record(rollout, reason: "RolloutStepCompleted", message: "Rollout step \(step)/\(count) completed (\(description))")
    }

    /// `emitAnalysisRunStatusChanges` (rollout/analysis.go): `AnalysisRun<Phase>`, Warning for
    /// Failed/Error: "TYPE Analysis Run 'NAME' Status New: 'P' Previous: 'Q'".
    func analysisRunChanged(_ rollout: JSON, type: String, run: String, phase: String, previous: String?) async {
        let warning = phase == AnalysisPhase.failed.rawValue || phase == AnalysisPhase.error.rawValue
        await record(rollout, reason: "AnalysisRun\(phase)",
                     message: "\(type) Analysis Run '\(run)' Status New: '\(phase)' Previous: '\(previous ?? "NoPreviousStatus")'",
                     type: warning ? .warning : .normal)
    }

    private func record(_ rollout: JSON, reason: String, message: String, type: EventRecorder.Kind = .normal) async {
        await recorder.record(EventRecorder.reference(rollout, type: .rollouts), reason: reason, message: message, type: type)
    }

    private func record(ownerOf rs: JSON, reason: String, message: String) async {
        guard let owner = rs["metadata"]["ownerReferences"].arrayValue?.first(where: { $0["kind"] == "Rollout" }),
              let name = owner["name"].stringValue else { return }
        await record(rollout: name, uid: owner["uid"].stringValue, namespace: rs.namespace ?? "default", reason: reason, message: message)
    }

    private func record(rollout: String, uid: String?, namespace: String, reason: String, message: String) async {
        var involved: JSON = ["apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": .string(rollout),
                              "namespace": .string(namespace)]
        if let uid { involved["uid"] = .string(uid) }
        await recorder.record(involved, reason: reason, message: message)
    }
}
