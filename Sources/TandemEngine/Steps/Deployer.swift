import TandemKubeModel
import TandemPairing
import TandemRelease

/// `deploy`: writes the service's new image — and, for a lockstep consumer, its new versioned
/// ConfigMap — as ONE Rollout revision, then waits until the preview is available and paused.
/// Re-running it writes nothing new: the ConfigMap name is a hash of its data, an unchanged
/// template is not sent, and the fresh-revision decision is recorded before the write (`DeployDetail.Intent`).
struct Deployer: StepRunner {
    static let kind = StepKind.deploy
    static let mode = StepRunnerMode.direct

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let (name, service, deadline) = try context.serviceStep(step)
        let tag = context.versions[name]
        let before = try await context.reads.rollout(service.rollout, namespace: service.namespace)
        // The stable revision before this release: what a rollback restores. Recorded by the first
        // attempt; a later attempt (after a crash) finds the same one, as nothing was promoted yet.
        var previousStable = before.status.stableRS
        var configMaps: [String] = []
        let edges = context.pairingPlan.edges(from: name)
        if context.plan.coupling == .lockstep, !edges.isEmpty {
            let targets = try await PairingTargets.resolve(for: name, in: context)
            configMaps = try await context.executor.deployConsumer(service: name, tag: tag, targets: targets).map(\.name)
            for (dependency, target) in targets.sorted(by: { $0.key < $1.key }) {
                context.logger.debug("paired", metadata: ["service": "\(name)", "dependency": "\(dependency)", "target": "\(target.service)"])
            }
            context.options.crashIfRequested(afterDeployWriteOf: name)
        } else if let tag {
            let image = ImageReference.with(repository: service.image, tag: tag)
            let intent: DeployDetail.Intent
            if let recorded = DeployDetail.Intent.recorded(in: step, image: image) {
                intent = recorded
            } else {
                intent = DeployDetail.Intent(image: image, previousStable: previousStable, freshRevision:
                    try await FreshRevision.imageRanBefore(image, service: service, rollout: before, reads: context.reads))
                if let id = step.id { try await context.store.recordStepIntent(id, detail: DeployDetail(intent: intent).text) }
            }
            previousStable = intent.previousStable
            try await FreshRevision.deployImage(service: service, image: image, stamp: intent.freshRevision,
                                                releaseID: context.releaseID, reads: context.reads)
            context.options.crashIfRequested(afterDeployWriteOf: name)
        }
        let rollout = try await RolloutWaits.wait(service, RolloutWaits.previewReady, deadline: deadline, reads: context.reads,
                                                  what: "deploy of \(name) (Rollout \(service.namespace)/\(service.rollout)) did not become available within its deadline")
        return DeployDetail(revision: rollout.status.currentPodHash ?? "",
                            image: PodTemplateRewrite.image(inTemplate: rollout.template.raw, container: service.container) ?? "",
                            configMaps: configMaps, previousStable: previousStable).json
    }
}
