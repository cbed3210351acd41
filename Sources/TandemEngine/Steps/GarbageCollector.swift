import TandemKubeModel
import TandemRelease

/// `collect-garbage`: deletes the pinned Services and versioned ConfigMaps that no revision in
/// any Rollout's history uses any more (TandemPairing's plan). Deleting is idempotent. Direct mode;
/// GitOps mode runs `GitOpsGarbageCollector`, which waits for Argo CD first.
struct GarbageCollector: StepRunner {
    static let kind = StepKind.collectGarbage
    static let mode = StepRunnerMode.direct

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        try await Self.collect(step, in: context)
    }

    /// Deletes what `GarbageCollectionPlan` allows, records it as an event, returns the step's detail.
    static func collect(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let collected = try await context.executor.collectGarbage()
        if !collected.isEmpty {
            try await context.store.appendEvent(
                releaseID: context.releaseID, kind: .pairingCollected, step: step.ordinal,
                message: "deleted " + (collected.configMaps.map { "ConfigMap \($0)" } + collected.services.map { "Service \($0)" })
                    .joined(separator: ", "))
        }
        return ["configMaps": .array(collected.configMaps.map(JSON.string)), "services": .array(collected.services.map(JSON.string))]
    }
}
