import TandemKubeModel
import TandemPairing
import TandemRelease

/// `canary-step`: moves the whole lockstep canary group from one pause to the next. Every member
/// paused at the previous stage is promoted one step (`kubectl argo rollouts promote`, which
/// clears the pause condition), all in one burst so that no member gets ahead; then the step waits
/// until every member is paused at the target stage. The step's wave is the target stage (1-based).
///
/// Idempotent: a member already promoted (the controller may not have reacted yet) or already
/// between the two pauses is only waited on; one that is elsewhere was moved by someone else, which
/// fails the step (the release rolls back as a whole).
struct CanaryStepper: StepRunner {
    static let kind = StepKind.canaryStep

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        guard let number = step.wave, number >= 2 else {
            throw StepError.terminal("step \(step.label) names no target stage; the stored program is malformed")
        }
        let members = context.consumersFirst.filter(context.scope.contains)
        var targets: [(service: PairingService, pauseIndex: Int)] = []
        var toPromote: [PairingService] = []
        for name in members {
            let service = try context.service(name)
            let rollout = try await context.reads.rollout(service.rollout, namespace: service.namespace)
            let group = CanaryGroup(rollout: rollout)
            guard let from = group.stage(number - 1), let to = group.stage(number) else {
                throw StepError.terminal("canary-step to stage \(number): Rollout \(service.namespace)/\(service.rollout) has only \(group.stages.count) pause step(s); its steps changed since the release started — abort it and start again")
            }
            let status = rollout.status
            let index = status.currentStepIndex ?? -1
            if CanaryWaits.isPaused(rollout, at: from.pauseIndex) {
                toPromote.append(service)
            } else if !(index >= from.pauseIndex && index <= to.pauseIndex) || status.currentPodHash == status.stableRS {
                if let reason = CanaryWaits.failure(rollout) { throw StepError.terminal("canary-step of \(name): \(reason)") }
                throw StepError.terminal("canary-step of \(name): Rollout \(service.rollout) is at canary step \(index) (stable \(status.stableRS ?? "none"), current \(status.currentPodHash ?? "none")), expected the pause at step \(from.pauseIndex) or on its way to step \(to.pauseIndex); someone else moved it — abort the release")
            }
            targets.append((service, to.pauseIndex))
        }
        for service in toPromote {
            try await context.client.promote(service.rollout, namespace: service.namespace)
        }
        var reached: [String: JSON] = [:]
        for (service, pauseIndex) in targets {
            let deadline = ContinuousClock.now + context.deadline(for: service.name)
            let rollout = try await RolloutWaits.wait(service, CanaryWaits.pausedAt(pauseIndex), deadline: deadline, reads: context.reads,
                                                      what: "canary-step of \(service.name) (Rollout \(service.namespace)/\(service.rollout)) did not pause at step \(pauseIndex) within its deadline",
                                                      purpose: "the canary to pause at step \(pauseIndex)")
            reached[service.name] = ["stepIndex": .int(rollout.status.currentStepIndex ?? -1), "revision": .string(rollout.status.currentPodHash ?? "")]
        }
        return ["stage": .int(number), "promoted": .array(toPromote.map { .string($0.name) }), "members": .object(reached)]
    }
}
