import Foundation
import TandemKubeModel

/// Rollout condition values and the `SetRolloutCondition` update rule (reference §2.1).
enum RolloutConditions {
    enum Kind: String {
        case available = "Available", progressing = "Progressing", paused = "Paused", completed = "Completed"
        case healthy = "Healthy", invalidSpec = "InvalidSpec", replicaFailure = "ReplicaFailure"
    }

    static let availableReason = "AvailableReason"
    static let availableMessage = "Rollout has minimum availability"
    static let notAvailableMessage = "Rollout does not have minimum availability"
    static let pausedReason = "RolloutPaused"
    static let pausedMessage = "Rollout is paused"
    static let resumedReason = "RolloutResumed"
    static let resumedMessage = "Rollout is resumed"
    static let abortedReason = "RolloutAborted"
    static let retryReason = "RolloutRetry"
    static let retryMessage = "Retrying Rollout after abort"
    static let timedOutReason = "ProgressDeadlineExceeded"
    static let newRSAvailableReason = "NewReplicaSetAvailable"
    static let updatedReason = "ReplicaSetUpdated"
    static let createdReason = "NewReplicaSetCreated"
    static let foundReason = "FoundNewReplicaSet"
    static let completedReason = "RolloutCompleted"
    static let healthyReason = "RolloutHealthy"
    static let healthyMessage = "Rollout is healthy"
    static let notHealthyMessage = "Rollout is not healthy"
    static let invalidSpecReason = "InvalidSpec"

    static func abortedMessage(revision: Int) -> String { "Rollout aborted update to revision \(revision)" }
    static func createdMessage(_ rs: String) -> String { "Created new replica set \"\(rs)\"" }
    static func foundMessage(_ rs: String) -> String { "Found new replica set \"\(rs)\"" }
    static func progressingMessage(_ rs: String) -> String { "ReplicaSet \"\(rs)\" is progressing." }
    static func completedMessage(_ rs: String) -> String { "ReplicaSet \"\(rs)\" has successfully progressed." }
    static func timedOutMessage(_ rs: String) -> String { "ReplicaSet \"\(rs)\" has timed out progressing." }

    static func make(_ kind: Kind, _ status: String, _ reason: String, _ message: String, now: Date) -> JSON {
        let time = JSON.string(KubeTime.format(now))
        return ["type": .string(kind.rawValue), "status": .string(status), "reason": .string(reason),
                "message": .string(message), "lastUpdateTime": time, "lastTransitionTime": time]
    }

    static func get(_ kind: Kind, in status: JSON) -> JSON? {
        status["conditions"].arrayValue?.first { $0["type"].stringValue == kind.rawValue }
    }

    /// Nothing changes when a condition of that type has the same status and reason; otherwise the
    /// old one is removed (its lastTransitionTime kept when the status is unchanged) and the new
    /// one appended at the end. Returns whether the list changed.
    @discardableResult
    static func set(_ condition: JSON, in status: inout JSON) -> Bool {
        var list = status["conditions"].arrayValue ?? []
        var condition = condition
        if let index = list.firstIndex(where: { $0["type"] == condition["type"] }) {
            let old = list[index]
            if old["status"] == condition["status"], old["reason"] == condition["reason"] { return false }
            if old["status"] == condition["status"] { condition["lastTransitionTime"] = old["lastTransitionTime"] }
            list.remove(at: index)
        }
        list.append(condition)
        status["conditions"] = .array(list)
        return true
    }

    static func remove(_ kind: Kind, from status: inout JSON) {
        guard let list = status["conditions"].arrayValue else { return }
        let kept = list.filter { $0["type"].stringValue != kind.rawValue }
        if kept.count != list.count { status["conditions"] = .array(kept) }
    }
}
