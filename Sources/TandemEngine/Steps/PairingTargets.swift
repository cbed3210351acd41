import TandemPairing

/// Where each ConfigMap key of a consumer points in this release.
enum PairingTargets {
    /// Revision pairing: a dependency in the release → the Service pinned to its new revision;
    /// one left out → the Service pinned to its stable revision. Preview pairing: the previewService
    /// of a dependency in the release, the activeService of one left out.
    static func resolve(for consumer: String, in context: ReleaseContext) async throws -> [String: PairingTarget] {
        let executor = context.executor
        var targets: [String: PairingTarget] = [:]
        for edge in context.pairingPlan.edges(from: consumer) where targets[edge.dependency] == nil {
            let inRelease = context.scope.contains(edge.dependency)
            switch context.pairingPlan.mode {
            case .revision:
                targets[edge.dependency] = inRelease
                    ? try await executor.pinNewRevision(dependency: edge.dependency)
                    : try await executor.pinStableRevision(dependency: edge.dependency)
            case .preview:
                targets[edge.dependency] = try await executor.serviceTarget(
                    dependency: edge.dependency, preview: inRelease, release: context.releaseID)
            }
        }
        return targets
    }

    /// After the release (`pairing: preview`): every dependency's activeService.
    static func active(for consumer: String, in context: ReleaseContext) async throws -> [String: PairingTarget] {
        var targets: [String: PairingTarget] = [:]
        for edge in context.pairingPlan.edges(from: consumer) where targets[edge.dependency] == nil {
            targets[edge.dependency] = try await context.executor.serviceTarget(
                dependency: edge.dependency, preview: false, release: context.releaseID)
        }
        return targets
    }
}
