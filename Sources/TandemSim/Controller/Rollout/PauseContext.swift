import Foundation
import TandemKubeModel

/// What a reconcile decided about pausing and aborting (`pauseContext` in the controller).
/// Applied to the status by `CalculatePauseStatus` in `RolloutStatusWriter.finish` (reference §3.5).
struct PauseContext {
    /// The rollout is aborted (by the user's `status.abort` or by the controller).
    var aborted: Bool
    /// A controller abort's message, appended to the RolloutAborted condition.
    var abortMessage: String?
    var addReasons: [String] = []
    var removeReasons: Set<String> = []

    mutating func add(_ reason: String) { addReasons.append(reason) }
    mutating func remove(_ reason: String) { removeReasons.insert(reason) }

    mutating func abort(message: String?) {
        aborted = true
        abortMessage = message
    }

    /// Existing conditions minus the removed ones, plus new ones stamped `now`. An empty result
    /// writes neither `pauseConditions` nor `controllerPause`; while aborted none are written.
    func apply(to status: inout JSON, previousAbortedAt: JSON, now: Date) {
        if aborted {
            status["abort"] = true
            status["abortedAt"] = previousAbortedAt.isNull ? .string(KubeTime.format(now)) : previousAbortedAt
            status.deleteMember(["pauseConditions"])
            status.deleteMember(["controllerPause"])
            return
        }
        status.deleteMember(["abort"])
        status.deleteMember(["abortedAt"])
        var conditions = (status["pauseConditions"].arrayValue ?? []).filter {
            !removeReasons.contains($0["reason"].stringValue ?? "")
        }
        for reason in addReasons where !conditions.contains(where: { $0["reason"].stringValue == reason }) {
            conditions.append(["reason": .string(reason), "startTime": .string(KubeTime.format(now))])
        }
        if conditions.isEmpty {
            status.deleteMember(["pauseConditions"])
            status.deleteMember(["controllerPause"])
        } else {
            status["pauseConditions"] = .array(conditions)
            status["controllerPause"] = true
        }
    }
}

extension JSON {
    /// The pause condition with that reason in a Rollout status.
    func pauseCondition(_ reason: String) -> JSON? {
        self["pauseConditions"].arrayValue?.first { $0["reason"].stringValue == reason }
    }

    /// Sets an integer status field, omitting it when zero (`omitempty`).
    mutating func setCount(_ key: String, _ value: Int) {
        if value == 0 { deleteMember([key]) } else { self[key] = .int(value) }
    }

    /// Sets a string status field, omitting it when empty (`omitempty`).
    mutating func setText(_ path: [String], _ value: String?) {
        if let value, !value.isEmpty { self[path: path] = .string(value) } else { deleteMember(path) }
    }
}

extension Optional where Wrapped == JSON {
    /// True for `.none`. (`x == nil` on a `JSON?` is ambiguous: JSON itself is nil-literal expressible.)
    var isAbsent: Bool {
        if case .none = self { return true }
        return false
    }
}
