import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan
import TandemRelease

/// `deploy` in GitOps mode: writes nothing. The wave's `gitops-commit` changed git (and had Argo CD
/// sync it, or someone else applies it with `sync: none`); this waits until the Rollout shows the
/// committed template — the new image, a revision other than the one stable before the release —
/// and then, exactly as a direct-mode deploy does, until the preview is available and paused.
struct GitOpsDeployWaiter: StepRunner {
    static let kind = StepKind.deploy
    static let mode = StepRunnerMode.gitops

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let (name, service, deadline) = try context.serviceStep(step)
        let image = context.versions[name].map { ImageReference.with(repository: service.image, tag: $0) }
        let commit = try await context.store.steps(of: context.releaseID).first { $0.kind == .gitopsCommit && $0.wave == step.wave }
        let previousStable = GitOpsCommitDetail(text: commit?.detail)?.previousStable[name]
        let committed = RolloutCondition("the committed template, available as preview and paused (or promoted and Healthy)",
                                         failure: RolloutWaits.degradedOrAnalysisFailed) { rollout in
            if let image, PodTemplateRewrite.image(inTemplate: rollout.template.raw, container: service.container) != image { return false }
            if let previousStable, rollout.status.currentPodHash == previousStable { return false }
            return RolloutWaits.previewReady.isSatisfied(rollout)
        }
        let rollout = try await RolloutWaits.wait(
            service, committed, deadline: deadline, client: context.client,
            what: "deploy of \(name) (Rollout \(service.namespace)/\(service.rollout)) did not show the committed template \(image ?? "") as an available preview within its deadline"
                + (context.plan.gitops?.sync == GitOpsSync.none ? " (sync: none — has the commit been applied?)" : ""),
            purpose: "the committed template")
        return DeployDetail(revision: rollout.status.currentPodHash ?? "",
                            image: PodTemplateRewrite.image(inTemplate: rollout.template.raw, container: service.container) ?? "",
                            configMaps: PodTemplateRewrite.configMapReferences(inTemplate: rollout.template.raw).sorted(),
                            previousStable: previousStable).json
    }
}
