import TandemKubeModel

/// A consumer's configuration for one revision: a ConfigMap named `<base>-<hash>` (the name
/// kustomize's configMapGenerator would give the same data), labelled as tandem's.
public struct VersionedConfigMap: Sendable, Hashable {
    public var base: String
    public var namespace: String
    public var data: [String: String]
    public var binaryData: [String: String]?
    public var labels: [String: String]
    public var annotations: [String: String]

    /// The new configuration of a consumer: `current`'s data (the ConfigMap its template
    /// references now) with each `values` key set, labelled for `plan`/`service`/`release`.
    /// `pairedReleases` records, per key, the release of the dependency revision it points at.
    public init(
        base: String, namespace: String, current: JSON?, values: [String: String],
        plan: String, service: String, release: String, pairedReleases: [String: String],
        pairedRevisions: [String: String] = [:]
    ) {
        self.base = base
        self.namespace = namespace
        var data = current?["data"].stringMap ?? [:]
        for (key, value) in values { data[key] = value }
        self.data = data
        binaryData = current.flatMap { $0["binaryData"].objectValue == nil ? nil : $0["binaryData"].stringMap }
        labels = TandemLabels.objectLabels(plan: plan, service: service, release: release)
        annotations = TandemLabels.configMapAnnotations(release: release, pairedReleases: pairedReleases,
                                                        pairedRevisions: pairedRevisions)
    }

    /// kustomize's hash of the data.
    public var hash: String { KustomizeHash.configMapSuffix(data: data, binaryData: binaryData) }

    /// `<base>-<hash>`.
    public var name: String { "\(base)-\(hash)" }

    /// The ConfigMap object to create.
    public var object: JSON {
        var object: JSON = ["apiVersion": "v1", "kind": "ConfigMap"]
        object["metadata"] = ["name": .string(name), "namespace": .string(namespace),
                              "labels": JSON(labels), "annotations": JSON(annotations)]
        object["data"] = JSON(data)
        if let binaryData { object["binaryData"] = JSON(binaryData) }
        return object
    }

    /// Whether an existing ConfigMap of this name holds this data (then it is this configuration, written
    /// earlier; its labels may record another release).
    public func hasSameData(_ existing: JSON) -> Bool {
        existing["data"].stringMap == data
    }

    /// True when `name` is `base` itself or a versioned copy `<base>-<10 hash characters>`
    /// (kustomize's alphabet `2 4-9 b c d f g h k m t`)
    /// (tandem's or kustomize's).
    public static func isVersion(_ name: String, of base: String) -> Bool {
        guard name != base else { return true }
        guard name.hasPrefix(base + "-") else { return false }
        let suffix = name.dropFirst(base.count + 1)
        return suffix.count == 10 && suffix.allSatisfy { "2456789bcdfghkmt".contains($0) }
    }

    /// The name of the `base` ConfigMap a pod template references now (`base` or a versioned
    /// copy). Throws when it references none or several different versions.
    public static func currentName(base: String, inTemplate template: JSON, rollout: String) throws(PairingError) -> String {
        let matches = PodTemplateRewrite.configMapReferences(inTemplate: template).filter { isVersion($0, of: base) }
        guard let first = matches.sorted().first else {
            throw PairingError("Rollout \"\(rollout)\" does not reference ConfigMap \"\(base)\" (or a versioned \"\(base)-<hash>\") in its pod template; reference it from env, envFrom or a volume, or fix `configMap:` in the plan")
        }
        guard matches.count == 1 else {
            throw PairingError("Rollout \"\(rollout)\" references several versions of ConfigMap \"\(base)\" (\(matches.sorted().joined(separator: ", "))); make every reference use one name")
        }
        return first
    }

    /// The per-key releases recorded on a versioned ConfigMap (empty when absent or unreadable).
    public static func pairedReleases(of configMap: JSON) -> [String: String] {
        annotationMap(configMap, TandemLabels.pairedReleases)
    }

    /// The per-key dependency revisions (pod-template hashes) recorded on a versioned ConfigMap.
    public static func pairedRevisions(of configMap: JSON) -> [String: String] {
        annotationMap(configMap, TandemLabels.pairedRevisions)
    }

    private static func annotationMap(_ configMap: JSON, _ key: String) -> [String: String] {
        guard let text = configMap.annotations[key], let parsed = try? JSON.parse(text) else { return [:] }
        return parsed.stringMap
    }
}
