import TandemKubeModel

/// `CalculateRolloutPhase` (reference §5): the phase and message the emulated controller writes
/// into `status.phase` / `status.message`, from the Rollout's spec and the status being written.
/// The rules themselves are the shared client implementation (`Rollout.calculatedPhase`), so the
/// simulator and tandem's client can never disagree about them.
enum RolloutPhaseCalculator {
    static func calculate(rollout: JSON, status: JSON) -> RolloutPhase {
        var copy = rollout
        copy["status"] = status
        return Rollout(copy).calculatedPhase
    }

    /// Writes `phase` and `message` into `status` (an empty message is omitted, as the controller's
    /// `omitempty` does).
    static func apply(rollout: JSON, to status: inout JSON) {
        let phase = calculate(rollout: rollout, status: status)
        status["phase"] = .string(phase.phase.rawValue)
        status["message"] = phase.message.isEmpty ? .null : .string(phase.message)
        status.dropNullMembers()
    }
}

extension JSON {
    /// Removes top-level members whose value is null (how `omitempty` fields disappear).
    mutating func dropNullMembers() {
        guard case .object(let o) = self else { return }
        self = .object(o.filter { !$0.value.isNull })
    }

    /// Removes the member at a path (no-op when absent); empty parents are kept.
    mutating func deleteMember(_ path: [String]) {
        guard let last = path.last else { return }
        let parent = Array(path.dropLast())
        guard case .object(var o) = self[path: parent], o.index(forKey: last) != nil else { return }
        o[last] = nil
        self[path: parent] = .object(o)
    }
}
