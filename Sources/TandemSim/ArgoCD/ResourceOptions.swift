import TandemKubeModel

/// The options Argo CD reads from a resource's own annotations (gitops-engine's
/// `HasAnnotationOption`: the value is a comma-separated list, each entry trimmed, compared whole):
/// `argocd.argoproj.io/sync-options: Prune=false` — a sync never prunes it ("ignored (no prune)");
/// `argocd.argoproj.io/compare-options: IgnoreExtraneous` — when it is no longer rendered it is still
/// OutOfSync (requiresPruning) itself, but does not make the Application OutOfSync.
enum ResourceOptions {
    static let syncOptions = "argocd.argoproj.io/sync-options"
    static let compareOptions = "argocd.argoproj.io/compare-options"

    static func has(_ option: String, in annotation: String, of object: JSON?) -> Bool {
        guard let value = object?["metadata"]["annotations"][annotation].stringValue else { return false }
        return value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces) == option }
    }

    /// `Prune=false` among the live object's sync options.
    static func disablesPrune(_ live: JSON?) -> Bool { has("Prune=false", in: syncOptions, of: live) }

    /// `IgnoreExtraneous` among the object's compare options.
    static func ignoresExtraneous(_ live: JSON?) -> Bool { has("IgnoreExtraneous", in: compareOptions, of: live) }
}
