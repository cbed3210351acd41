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
    /// Read through the release's cache when it starts (`StartPreflight`): the LIST the release watches anyway.
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

    /// Why a direct-mode release is refused (exit 2, HTTP 422): the Rollouts Argo CD manages. Nothing was
    /// taken or recorded. Each front end names its own override (`--allow-argocd-managed`, or
    /// `"allowArgoCDManaged": true` in `POST /api/releases`).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var managed: [Managed]

        public init(managed: [Managed]) { self.managed = managed }

        public static let headline = "Argo CD manages the Rollouts of this direct-mode plan; Argo CD would revert or undo tandem's writes:"

        /// One line per Rollout: its Application and the marker that says so.
        public var lines: [String] {
            managed.map { "service \($0.service): Rollout \($0.namespace)/\($0.rollout) belongs to Argo CD Application \"\($0.application)\" (\($0.marker))" }
        }

        /// What to do, with the front end's override ("pass --allow-argocd-managed").
        public static func hint(override: String) -> String {
            "release through git instead: add a \"gitops:\" section to the plan (docs/gitops.md); or, if the Application does not sync these Rollouts, " + override
        }

        /// The CLI's text (its override is `--allow-argocd-managed`).
        public var description: String {
            ([Self.headline] + lines.map { "  " + $0 } + ["  hint: " + Self.hint(override: "pass --allow-argocd-managed")]).joined(separator: "\n")
        }
    }

    /// Throws `Refusal` when Argo CD manages one of the plan's Rollouts.
    public static func refuseManaged(plan: ReleasePlan, reads: any KubeReads) async throws {
        let found = try await managed(plan: plan, reads: reads)
        if !found.isEmpty { throw Refusal(managed: found) }
    }
}
