import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan

/// What a service's Rollout serves now: the tag of its **stable** revision (the ReplicaSet named by
/// `status.stableRS`, not `spec.template`, which may hold an unpromoted or abandoned preview), and
/// whether the Rollout is Healthy on that revision.
public struct LiveVersion: Sendable, Equatable {
    /// The stable ReplicaSet's image tag; nil when the Rollout has no stable revision (yet).
    public var stableTag: String?
    /// Healthy, and its current revision is the stable one (nothing paused, progressing or aborted).
    public var isSettled: Bool

    /// The tag a release may call "already runs": only a settled stable revision counts.
    public var settledTag: String? { isSettled ? stableTag : nil }

    /// Pure: reads `rollout`'s status and the template of its stable ReplicaSet among `replicaSets`.
    public static func of(_ rollout: Rollout, replicaSets: [ReplicaSet], container: String?) -> LiveVersion {
        guard let stable = rollout.status.stableRS,
              let set = replicaSets.first(where: { $0.podTemplateHash == stable }),
              let image = PodTemplateRewrite.image(inTemplate: set.raw[path: ["spec", "template"]], container: container) else {
            return LiveVersion(stableTag: nil, isSettled: false)
        }
        let settled = rollout.clientPhase.phase == .healthy && rollout.status.currentPodHash == stable
        return LiveVersion(stableTag: ImageReference.tag(image), isSettled: settled)
    }

    /// Every service of `plan` (a service whose Rollout has no stable revision gets `stableTag` nil).
    public static func read(plan: ReleasePlan, client: KubeClient) async throws -> [String: LiveVersion] {
        try await read(plan: plan, reads: LiveReads(client: client))
    }

    /// The same through `reads` (the release's cache at start: two lists per namespace, not two requests per service).
    public static func read(plan: ReleasePlan, reads: any KubeReads) async throws -> [String: LiveVersion] {
        var live: [String: LiveVersion] = [:]
        for service in plan.services {
            let rollout = try await reads.rollout(service.rollout, namespace: service.effectiveNamespace(in: plan))
            let replicaSets = try await reads.objects(.replicaSets, namespace: rollout.namespace, labelSelector: rollout.selector)
                .map(ReplicaSet.init).filter { $0.controllerUID != nil && $0.controllerUID == rollout.uid }
            live[service.name] = of(rollout, replicaSets: replicaSets, container: service.container)
        }
        return live
    }
}
