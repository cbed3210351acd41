import TandemKubeModel
import TandemRelease

/// `promote`: switches the active Service to the new revision and waits until it is stable and
/// Healthy. A Rollout that is already promoted is only waited on.
struct Promoter: StepRunner {
    static let kind = StepKind.promote

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let (name, service, deadline) = try context.serviceStep(step)
        let rollout = try await context.reads.rollout(service.rollout, namespace: service.namespace)
        let target = rollout.status.currentPodHash
        var promoted = false
        if target != rollout.status.stableRS {
            try await context.client.promote(rollout)
            promoted = true
        }
        let done = try await RolloutWaits.wait(service, RolloutWaits.promoted(target), deadline: deadline, reads: context.reads,
                                               what: "promotion of \(name) did not become Healthy within its deadline")
        return ["stable": .string(done.status.stableRS ?? ""), "promoted": .bool(promoted)]
    }
}
