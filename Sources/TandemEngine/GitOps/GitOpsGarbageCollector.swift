import TandemKubeModel
import TandemRelease

/// `collect-garbage` in GitOps mode, the release's last step: first waits until Argo CD has settled on
/// the release's last commit (each Application Synced there and Healthy, `sync: argocd`), so the
/// release is reported succeeded only when git, Argo CD and the cluster agree; then deletes the
/// generated ConfigMaps and pinned Services that no revision in the Rollouts' history uses any more,
/// exactly as direct mode does. Argo CD keeps those objects when git stops rendering them (they carry
/// `Prune=false`, `GitOpsObjectMetadata`), because the previous revision still reads them during the
/// release; deleting them afterwards is tandem's job.
struct GitOpsGarbageCollector: StepRunner {
    static let kind = StepKind.collectGarbage
    static let mode = StepRunnerMode.gitops

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let release = try GitOpsRelease(context: context)
        if let last = try release.lastPublished([(GitOpsRelease.releaseTrailer, context.releaseID)]) {
            try await release.settle(on: last, in: context)
        }
        return try await GarbageCollector.collect(step, in: context)
    }
}
