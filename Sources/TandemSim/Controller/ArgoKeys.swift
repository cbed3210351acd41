/// Label and annotation keys the Argo Rollouts controller writes (reference §3.2–§3.4).
enum ArgoKeys {
    static let hashLabel = "rollouts-pod-template-hash"
    static let revision = "rollout.argoproj.io/revision"
    static let revisionHistory = "rollout.argoproj.io/revision-history"
    static let desiredReplicas = "rollout.argoproj.io/desired-replicas"
    static let scaleDownDeadline = "scale-down-deadline"
    static let managedBy = "argo-rollouts.argoproj.io/managed-by-rollouts"
    /// Rollout annotations never copied onto a ReplicaSet.
    static let notCopiedToReplicaSet: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revision, revisionHistory, desiredReplicas,
        "notified.notifications.argoproj.io",
    ]
}
