import TandemKubeModel
import TandemRelease

/// `repoint` (`pairing: preview`): after the release, points the consumer back at its
/// dependencies' active Services — one more revision, promoted at once — so the next release's
/// preview cannot reach the live consumer (the article's flaw).
struct Repointer: StepRunner {
    static let kind = StepKind.repoint

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        let (name, service, deadline) = try context.serviceStep(step)
        let targets = try await PairingTargets.active(for: name, in: context)
        let configMaps = try await context.executor.deployConsumer(service: name, tag: nil, targets: targets).map(\.name)
        let ready = try await RolloutWaits.wait(service, RolloutWaits.previewReady, deadline: deadline, reads: context.reads,
                                                what: "re-pointed revision of \(name) did not become available")
        if ready.status.currentPodHash != ready.status.stableRS {
            try await context.client.promote(ready)
        }
        let done = try await RolloutWaits.wait(service, RolloutWaits.promoted(ready.status.currentPodHash), deadline: deadline,
                                               reads: context.reads, what: "re-pointed revision of \(name) did not become Healthy")
        return ["stable": .string(done.status.stableRS ?? ""), "configMaps": .array(configMaps.map(JSON.string))]
    }
}
