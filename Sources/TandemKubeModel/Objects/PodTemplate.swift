/// One container of a pod template (`containers`, `initContainers` or `ephemeralContainers`).
public struct Container: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }
    public var name: String { raw["name"].stringValue ?? "" }
    public var image: String? { raw["image"].stringValue }
    /// `env[]` entries: name → literal value (entries with `valueFrom` give nil).
    public var env: [String: String?] {
        var result: [String: String?] = [:]
        for entry in raw["env"].arrayValue ?? [] {
            guard let name = entry["name"].stringValue else { continue }
            result[name] = entry["value"].stringValue
        }
        return result
    }
    /// Every ConfigMap this container reads: `env[].valueFrom.configMapKeyRef.name` and `envFrom[].configMapRef.name`.
    public var configMapNames: [String] {
        let fromEnv = (raw["env"].arrayValue ?? []).compactMap { $0[path: ["valueFrom", "configMapKeyRef", "name"]].stringValue }
        let fromEnvFrom = (raw["envFrom"].arrayValue ?? []).compactMap { $0[path: ["configMapRef", "name"]].stringValue }
        return fromEnv + fromEnvFrom
    }
}

/// A `PodTemplateSpec` (`spec.template` of a Rollout or ReplicaSet).
public struct PodTemplate: Sendable, Hashable {
    public var raw: JSON
    public init(_ raw: JSON) { self.raw = raw }
    public var labels: [String: String] { raw["metadata"]["labels"].stringMap }
    public var annotations: [String: String] { raw["metadata"]["annotations"].stringMap }
    public var containers: [Container] { (raw[path: ["spec", "containers"]].arrayValue ?? []).map(Container.init) }
    public var initContainers: [Container] { (raw[path: ["spec", "initContainers"]].arrayValue ?? []).map(Container.init) }
    /// Names of ConfigMaps mounted as volumes (`spec.volumes[].configMap.name`).
    public var configMapVolumeNames: [String] {
        (raw[path: ["spec", "volumes"]].arrayValue ?? []).compactMap { $0[path: ["configMap", "name"]].stringValue }
    }
    /// Every ConfigMap name the template references (env, envFrom, volumes), in order, without duplicates.
    public var configMapNames: [String] {
        var seen = Set<String>(), result: [String] = []
        for name in (initContainers + containers).flatMap(\.configMapNames) + configMapVolumeNames where seen.insert(name).inserted {
            result.append(name)
        }
        return result
    }
    public func container(named name: String) -> Container? { containers.first { $0.name == name } }

    /// The template without the `rollouts-pod-template-hash` label, for semantic comparison.
    public var withoutPodTemplateHash: PodTemplate {
        var copy = raw
        copy.setLabel(Rollout.podTemplateHashLabel, nil)
        if copy["metadata"]["labels"].objectValue?.isEmpty == true {
            copy[path: ["metadata"]] = .object((copy["metadata"].objectValue ?? [:]).filter { $0.key != "labels" })
        }
        return PodTemplate(copy)
    }
}
