import TandemKube
import TandemKubeModel
import TandemPlan

/// Direct mode refuses a plan whose Rollouts Argo CD manages: Argo CD would revert tandem's
/// writes (self-heal) or undo the release at its next sync, and git would never learn what was
/// released. An Application is recognised as Argo CD marks what it applies: the annotation
/// `argocd.argoproj.io/tracking-id` (`<app>:<group>/<kind>:<namespace>/<name>`) or the label
/// `app.kubernetes.io/instance` (`<app>`, or `<namespace>_<app>` with apps in any namespace).
public enum DirectModeGuard {
    public static let trackingAnnotation = "argocd.argoproj.io/tracking-id"
    public static let instanceLabel = "app.kubernetes.io/instance"

    /// One Rollout Argo CD manages.
    public struct Managed: Sendable, Hashable {
        public var service: String
        public var rollout: String
        public var namespace: String
        public var application: String
        /// The annotation or label it was recognised by.
        public var marker: String
    }

    /// The Application managing an object with these metadata, and the marker that says so; pure.
    public static func application(annotations: [String: String], labels: [String: String]) -> (name: String, marker: String)? {
        if let tracking = annotations[trackingAnnotation] {
            let name: String = tracking.firstIndex(of: ":").map { String(tracking[..<$0]) } ?? tracking
            if !name.isEmpty { return (name, trackingAnnotation) }
        }
        if let instance = labels[instanceLabel], !instance.isEmpty {
            // `<namespace>_<app>` when Applications live in any namespace.
            let name: String = instance.lastIndex(of: "_").map { String(instance[instance.index(after: $0)...]) } ?? instance
            return (name, instanceLabel)
        }
        return nil
    }

    /// Every service of `plan` whose Rollout Argo CD manages (an absent Rollout is left to the release's own errors).
    /// Read through the release's cache when it starts (`ReleaseStarter.start`'s preflight): the LIST the release watches anyway.
    public static func managed(plan: ReleasePlan, reads: any KubeReads) async throws -> [Managed] {
        var found: [Managed] = []
        // One LIST per namespace, not a GET per service (a 1,000-service plan is 1,000 requests otherwise).
        var rollouts: [String: [String: JSON]] = [:]
        for service in plan.services {
            let namespace = service.effectiveNamespace(in: plan)
            if rollouts[namespace] == nil {
                let items = try await reads.objects(.rollouts, namespace: namespace, labelSelector: nil)
                rollouts[namespace] = Dictionary(items.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            }
            guard let object = rollouts[namespace]?[service.rollout] else { continue }
            let annotations: [String: String] = object.annotations
            let labels: [String: String] = object.labels
            if let owner = application(annotations: annotations, labels: labels) {
                found.append(Managed(service: service.name, rollout: service.rollout, namespace: namespace,
                                     application: owner.name, marker: owner.marker))
            }
        }
        return found
    }

    /// The refusal printed by `release start` (exit 2): each Rollout, its Application, the fix, the override.
    public static func refusal(_ managed: [Managed], overrideFlag: String) -> String {
        var lines: [String] = ["error: Argo CD manages the Rollouts of this direct-mode plan; Argo CD would revert or undo tandem's writes:"]
        for item in managed {
            let line: String = "  service \(item.service): Rollout \(item.namespace)/\(item.rollout) belongs to Argo CD Application \"\(item.application)\" (\(item.marker))"
            lines.append(line)
        }
        let hint: String = "  hint: release through git instead: add a \"gitops:\" section to the plan (docs/gitops.md); or, if the Application does not sync these Rollouts, pass " + overrideFlag
        lines.append(hint)
        return lines.joined(separator: "\n")
    }
}
