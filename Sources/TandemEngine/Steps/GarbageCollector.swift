import TandemKubeModel
import TandemRelease

/// `collect-garbage`: deletes the pinned Services and versioned ConfigMaps that no revision in
/// any Rollout's history uses any more (TandemPairing's plan). Deleting is idempotent.
struct GarbageCollector: StepRunner {
    static let kind = StepKind.collectGarbage

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
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
