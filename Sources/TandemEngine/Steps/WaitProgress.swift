import Foundation
import TandemKube
import TandemKubeModel
import TandemPairing
import TandemStore

/// Progress of a step that waits for a Rollout: every `interval` it reads the Rollout (and the
/// ReplicaSet of its current revision) and records one line on the step row, e.g.
/// `waiting for the preview: 1/2 new pods ready, phase Progressing (35 s of 600 s)`.
/// The runner sets `current` around each step, so every Rollout wait a step makes reports without
/// the step knowing (the CLI, `release status --watch` and the dashboard read the row).
struct WaitProgress: Sendable {
    let stepID: Int64
    let store: ReleaseStore
    let interval: Duration

    @TaskLocal static var current: WaitProgress?

    /// Runs `body` (the wait) while a sibling task records progress every interval.
    func reporting<T: Sendable>(_ purpose: String, service: PairingService, reads: any KubeReads,
                                deadline: ContinuousClock.Instant, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        let total = deadline - started
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    let rollout = try? await reads.rollout(service.rollout, namespace: service.namespace)
                    var pods: (ready: Int, desired: Int)?
                    if let rollout { pods = try? await Self.newPods(of: rollout, reads: reads) }
                    let line = Self.line(purpose, rollout: rollout, newPods: pods, elapsed: ContinuousClock.now - started, total: total)
                    _ = try? await store.recordProgress(stepID, line)
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw CancellationError()
        }
    }

    /// Ready and desired pods of the ReplicaSet of the Rollout's current revision, when there is one.
    static func newPods(of rollout: Rollout, reads: any KubeReads) async throws -> (ready: Int, desired: Int)? {
        guard let hash = rollout.status.currentPodHash else { return nil }
        let items = try await reads.objects(.replicaSets, namespace: rollout.namespace,
                                            labelSelector: LabelSelector(matchLabels: [Rollout.podTemplateHashLabel: hash]))
        guard let set = items.map(ReplicaSet.init).first(where: { $0.controllerKind == "Rollout" && $0.name.hasPrefix(rollout.name + "-") })
        else { return nil }
        return (set.readyReplicas, set.specReplicas)
    }

    /// The progress line; says so when the Rollout could not be read this time.
    static func line(_ purpose: String, rollout: Rollout?, newPods: (ready: Int, desired: Int)?,
                     elapsed: Duration, total: Duration) -> String {
        // The deadline was set when the step began, a moment before the wait: round it to whole seconds.
        let clock = "(\(elapsed.components.seconds) s of \((total + .milliseconds(500)).components.seconds) s)"
        guard let rollout else { return "waiting for \(purpose): the Rollout cannot be read right now \(clock)" }
        var parts: [String] = []
        if let newPods {
            parts.append("\(newPods.ready)/\(newPods.desired) new pods ready")
        } else {
            parts.append("\(rollout.status.updatedReplicas)/\(rollout.replicas) pods updated")
        }
        let phase = rollout.settledPhase
        parts.append("phase \(phase.phase.rawValue)" + (phase.message.isEmpty ? "" : " (\(phase.message))"))
        return "waiting for \(purpose): \(parts.joined(separator: ", ")) \(clock)"
    }
}
