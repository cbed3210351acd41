import TandemPairing

/// The labels and annotations a GitOps release gives, through git, the objects Argo CD creates for
/// it: the consumer's generated ConfigMap (through its generator's `options:`) and the pinned
/// Services tandem commits.
///
/// - tandem's pairing record, the same as direct mode's (`TandemLabels`): who made the ConfigMap,
///   for which release, and which dependency revision each key is paired with, so `tandem pairs`
///   pairs exactly (a consumer re-pinned without a tag of its own is not MIXED);
/// - Argo CD's `sync-options: Prune=false` and `compare-options: IgnoreExtraneous`: when the next
///   commit no longer renders the object (a new ConfigMap name, a pinned Service file removed),
///   Argo CD keeps it for the previous revision, which still runs and reads it, and does not call
///   the Application OutOfSync for it; tandem's `collect-garbage` deletes it once no revision in
///   the Rollouts' history uses it.
enum GitOpsObjectMetadata {
    static let syncOptions = "argocd.argoproj.io/sync-options"
    static let compareOptions = "argocd.argoproj.io/compare-options"
    static let noPrune = "Prune=false"
    static let ignoreExtraneous = "IgnoreExtraneous"

    /// The Argo CD annotations that keep an object, each merged into the comma-separated list the
    /// object already has (`existing(key)`), as Argo CD reads several options from one annotation.
    static func keepAnnotations(existing: (String) throws -> String?) rethrows -> [(key: String, value: String)] {
        let sync: String = merged(noPrune, into: try existing(syncOptions))
        let compare: String = merged(ignoreExtraneous, into: try existing(compareOptions))
        return [(key: syncOptions, value: sync), (key: compareOptions, value: compare)]
    }

    /// `list` with `option` in it (Argo CD splits on commas and trims spaces); a `Prune=…` already
    /// there is replaced.
    static func merged(_ option: String, into list: String?) -> String {
        let name = option.split(separator: "=").first.map(String.init) ?? option
        let prefix: String? = option.contains("=") ? name + "=" : nil
        var options: [String] = []
        for entry in (list ?? "").split(separator: ",") {
            let trimmed: String = entry.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == option { continue }
            if let prefix, trimmed.hasPrefix(prefix) { continue }
            options.append(trimmed)
        }
        options.append(option)
        return options.joined(separator: ",")
    }

    /// The labels that make a consumer's generated ConfigMap tandem's from the first release on, before
    /// it records a release: `collect-garbage` may then delete it once no revision uses it, and the
    /// pairing report still pairs it by version tag (it records no release yet).
    static func keepLabels(plan: String) -> [(key: String, value: String)] {
        [(TandemLabels.managedBy, TandemLabels.managedByValue), (TandemLabels.plan, TandemLabels.labelValue(plan))]
    }

    /// The labels of a consumer's generated ConfigMap, sorted by key.
    static func generatorLabels(plan: String, service: String, releaseID: String) -> [(key: String, value: String)] {
        let labels: [String: String] = TandemLabels.objectLabels(plan: plan, service: service, release: releaseID)
        return labels.keys.sorted().map { (key: $0, value: labels[$0]!) }
    }

    /// The annotations of a consumer's generated ConfigMap whose keys in `paired` (key → the
    /// dependency's pinned revision) point at pinned Services of this release; sorted by key, the
    /// Argo CD ones last.
    static func generatorAnnotations(releaseID: String, paired: [String: String],
                                     existing: (String) throws -> String?) rethrows -> [(key: String, value: String)] {
        var releases: [String: String] = [:]
        for key in paired.keys { releases[key] = releaseID }
        let pairing: [String: String] = TandemLabels.configMapAnnotations(release: releaseID, pairedReleases: releases,
                                                                          pairedRevisions: paired)
        var annotations: [(key: String, value: String)] = pairing.keys.sorted().map { (key: $0, value: pairing[$0]!) }
        annotations += try keepAnnotations(existing: existing)
        return annotations
    }
}
