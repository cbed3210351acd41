import TandemKubeModel

/// Which release a revision belongs to, and which release a consumer revision was paired
/// with — the two sides of the report's "same release" test.
///
/// A revision's release is, in order: the release recorded on the pinned Service tandem made
/// for it; the release recorded on the tandem ConfigMap its template references; its image
/// tag (objects from before tandem's first release).
public enum RevisionRelease {
    public static func release(of replicaSet: ReplicaSet, service: PairingService, snapshot: ClusterSnapshot) -> String {
        let namespace = replicaSet.namespace ?? service.namespace
        if let hash = replicaSet.podTemplateHash,
           let pinned = snapshot.pinnedService(namespace, revision: hash, service: service.name),
           let release = TandemLabels.recordedRelease(labels: pinned.labels, annotations: pinned.annotations) {
            return release
        }
        for name in PodTemplateRewrite.configMapReferences(inTemplate: replicaSet.template.raw).sorted() {
            if let configMap = snapshot.configMap(namespace, name),
               let release = TandemLabels.recordedRelease(labels: configMap.labels, annotations: configMap.annotations) {
                return release
            }
        }
        return version(of: replicaSet, service: service)
    }

    /// The release a consumer revision expects behind `key`: what its tandem ConfigMap records
    /// for that key (else the ConfigMap's release); for a ConfigMap tandem did not write, the
    /// consumer's own version tag.
    public static func expected(key: String, configMap: ConfigMap, consumer replicaSet: ReplicaSet,
                                service: PairingService) -> String {
        guard let release = TandemLabels.recordedRelease(labels: configMap.labels, annotations: configMap.annotations) else {
            return version(of: replicaSet, service: service)
        }
        return VersionedConfigMap.pairedReleases(of: configMap.raw)[key] ?? release
    }

    /// The image tag of the service's container in a revision (`?` when it cannot be read).
    public static func version(of replicaSet: ReplicaSet, service: PairingService) -> String {
        PodTemplateRewrite.image(inTemplate: replicaSet.template.raw, container: service.container)
            .map(ImageReference.tag) ?? "?"
    }
}

/// Image reference helpers.
public enum ImageReference {
    /// The tag of `repo[:tag][@digest]`: the tag, else a short digest, else `latest`.
    public static func tag(_ image: String) -> String {
        var name = Substring(image)
        var digest: Substring?
        if let at = name.firstIndex(of: "@") {
            digest = name[name.index(after: at)...]
            name = name[..<at]
        }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return String(name[name.index(after: colon)...])
        }
        if let digest { return "@" + digest.prefix(19) }
        return "latest"
    }

    /// `repository:tag`.
    public static func with(repository: String, tag: String) -> String { "\(repository):\(tag)" }
}
