import TandemKubeModel

/// The labels and annotations tandem puts on the objects it creates, and how it reads them back.
public enum TandemLabels {
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let managedByValue = "tandem"
    public static let plan = "tandem.dev/plan"
    public static let service = "tandem.dev/service"
    public static let release = "tandem.dev/release"
    /// On pinned Services: the dependency revision (pod-template hash) selected.
    public static let revision = "tandem.dev/revision"
    /// On pinned Services: the dependency's Rollout.
    public static let rollout = "tandem.dev/rollout"
    /// Annotation on versioned ConfigMaps: JSON object key → release of the dependency
    /// revision that key was paired with.
    public static let pairedReleases = "tandem.dev/paired-releases"
    /// Annotation on versioned ConfigMaps: JSON object key → pod-template hash of the
    /// dependency revision that key was paired with (when tandem knew it).
    public static let pairedRevisions = "tandem.dev/paired-revisions"
    /// Argo Rollouts' ReplicaSet/pod label carrying the pod-template hash.
    public static let podTemplateHash = "rollouts-pod-template-hash"

    /// Labels for an object tandem creates for `service` of `plan` in `release`. Label values
    /// are made valid (≤ 63 characters of `[A-Za-z0-9._-]`); the exact release is also kept in
    /// the `tandem.dev/release` annotation.
    public static func objectLabels(plan: String, service: String, release: String) -> [String: String] {
        [managedBy: managedByValue, self.plan: labelValue(plan), self.service: labelValue(service),
         self.release: labelValue(release)]
    }

    /// The annotations of a consumer's ConfigMap (tandem's in direct mode, kustomize's generated one in
    /// GitOps mode): its release, and per dependsOn key the release and revision it is paired with.
    public static func configMapAnnotations(release: String, pairedReleases: [String: String],
                                            pairedRevisions: [String: String]) -> [String: String] {
        var annotations = [self.release: release]
        if !pairedReleases.isEmpty { annotations[self.pairedReleases] = jsonObject(pairedReleases) }
        if !pairedRevisions.isEmpty { annotations[self.pairedRevisions] = jsonObject(pairedRevisions) }
        return annotations
    }

    /// A string map as compact JSON with sorted keys (equal maps give equal text).
    private static func jsonObject(_ map: [String: String]) -> String { JSON(map).serializedString() }

    /// True when the object carries `app.kubernetes.io/managed-by: tandem`.
    public static func isManagedByTandem(_ labels: [String: String]) -> Bool { labels[managedBy] == managedByValue }

    /// The release recorded on an object tandem created: the annotation, else the label.
    public static func recordedRelease(labels: [String: String], annotations: [String: String]) -> String? {
        guard isManagedByTandem(labels) else { return nil }
        return annotations[release] ?? labels[release]
    }

    /// A valid label value: invalid characters become `-`, at most 63 characters, starting and
    /// ending with an alphanumeric character (empty when nothing is left).
    public static func labelValue(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        var value = String(text.map { allowed.contains($0) ? $0 : "-" }.prefix(63))
        while let first = value.first, !(first.isASCII && (first.isLetter || first.isNumber)) { value.removeFirst() }
        while let last = value.last, !(last.isASCII && (last.isLetter || last.isNumber)) { value.removeLast() }
        return value
    }
}
