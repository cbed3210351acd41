import TandemStore

extension ReleaseSummary {
    /// The summary of a drive's outcome, completed from the store: the versions of the services the
    /// program changes, the waiting checkpoint's approval policy.
    public static func load(_ outcome: ReleaseOutcome, releaseID: String, store: ReleaseStore) async throws -> ReleaseSummary {
        switch outcome {
        case .succeeded:
            let release = try await store.release(releaseID)
            return ReleaseSummary(releaseID: releaseID, outcome: .succeeded(
                changed: changed(versions: release.versions, stepServices: try await store.steps(of: releaseID).compactMap(\.service))))
        case .waiting(let name, let timedOut):
            let checkpoint = try await store.checkpoints(of: releaseID).first { $0.name == name }
            let planned = (try? ReleaseStarter.storedPlan(of: try await store.release(releaseID)))?.checkpoints.first { $0.name == name }
            var gates: GateWait?
            if let planned, !planned.gates.isEmpty {
                let answer = try await store.latestGateAnswer(releaseID, checkpoint: name)
                gates = answer?.state == .pass ? .pass : .waiting(answer?.reason ?? "not asked yet")
            }
            return ReleaseSummary(releaseID: releaseID, outcome: .waiting(WaitingCheckpoint(
                name: name, requiredApprovals: checkpoint?.requiredApprovals ?? 1, approvers: checkpoint?.approvers ?? [],
                timedOut: timedOut, gates: gates,
                needsPeople: (planned?.needsPeople ?? true) && checkpoint?.state != .approved)))
        case .rolledBack(let reason, let report):
            return ReleaseSummary(releaseID: releaseID, outcome: .rolledBack(reason: reason, states: report.states))
        case .failed(let reason, let report):
            return ReleaseSummary(releaseID: releaseID, outcome: .failed(reason: reason, failures: report.failures, states: report.states))
        }
    }

    /// The summary of a release as the server's API shows it, once it has ended or waits at a checkpoint;
    /// nil while it runs. What the rollback left per service is known only where it ran, so not here.
    public init?(_ view: ReleaseStatusView, timedOut: Bool = false) {
        let release = view.release
        switch release.state {
        case .succeeded:
            self.init(releaseID: release.id, outcome: .succeeded(
                changed: Self.changed(versions: release.versions, stepServices: view.steps.compactMap(\.service))))
        case .waiting:
            guard let name = view.waitingAt else { return nil }
            let checkpoint = view.checkpoints.first { $0.name == name }
            self.init(releaseID: release.id, outcome: .waiting(WaitingCheckpoint(
                name: name, requiredApprovals: checkpoint?.requiredApprovals ?? 1, approvers: checkpoint?.approvers ?? [],
                timedOut: timedOut)))
        case .rolledBack:
            self.init(releaseID: release.id, outcome: .rolledBack(reason: release.message ?? "", states: [:]))
        case .failed:
            self.init(releaseID: release.id, outcome: .failed(reason: release.message ?? "", failures: [:], states: [:]))
        case .running, .rollingBack:
            return nil
        }
    }

    /// The services this release changed: every service in its scope has steps in the program, and no
    /// other service has any (`ProgramBuilder`); sorted by name.
    static func changed(versions: [String: String], stepServices: [String]) -> [ServiceVersion] {
        Set(stepServices).sorted().map { ServiceVersion(service: $0, version: versions[$0] ?? "?") }
    }
}
