import TandemKube
import TandemKubeModel
import TandemPairing

/// Keeps a deploy from becoming an Argo **fast rollback**.
///
/// When a Rollout's new template equals an older ReplicaSet's (going back to a version that ran
/// recently: `tandem release rollback`, or `--version 1.0` right after 2.0), Argo reuses that
/// ReplicaSet and, while it is still scaled up within `scaleDownDelaySeconds` (or inside
/// `rollbackWindow`), promotes it at once: no preview, no pause. The service then goes live before
/// the checkpoint, a dependency before its consumers, and the live consumers' pinned Service loses its
/// pods when the now-old ReplicaSet is scaled down — while the release still waits for approval.
/// So when some ReplicaSet of the Rollout already runs the target image, the deploy also writes the
/// pod-template annotation `tandem.dev/release: <release id>`: a new revision that goes through
/// preview and pause like any other. Deterministic per release, so a repeated deploy writes nothing.
enum FreshRevision {
    static let annotation = "tandem.dev/release"

    /// Whether an existing ReplicaSet of `rollout` already has `image` in `container`.
    static func imageRanBefore(_ image: String, service: PairingService, rollout: Rollout, reads: any KubeReads) async throws -> Bool {
        let selector = rollout.selector
        guard !selector.isEmpty else { return false }
        let sets = try await reads.objects(.replicaSets, namespace: service.namespace, labelSelector: selector)
        return sets.contains { set in
            set.controllerOwner?["name"].stringValue == service.rollout
                && PodTemplateRewrite.image(inTemplate: set[path: ["spec", "template"]], container: service.container) == image
        }
    }

    /// Writes `image` (and, when `stamp`, the release annotation) in one Rollout update. The caller decides
    /// `stamp` with `imageRanBefore` once and records it (`DeployIntent`) before calling this.
    static func deployImage(service: PairingService, image: String, stamp: Bool, releaseID: String, reads: any KubeReads) async throws {
        try await reads.updateRollout(service.rollout, namespace: service.namespace) { current in
            var desired = try PodTemplateRewrite.rewrite(rollout: current, container: service.container, image: image, configMapRenames: [:])
            if stamp { desired[path: ["spec", "template", "metadata", "annotations", annotation]] = .string(releaseID) }
            return desired
        }
    }
}
