import TandemKubeModel

/// Rewrites a Rollout's pod template in one piece: the image of the plan's container and every
/// reference to a renamed ConfigMap, so image and configuration form one revision that Argo
/// Rollouts' abort and undo restore together.
///
/// ConfigMap references are followed on the paths Argo Rollouts' kustomize transform declares
/// (argo-rollouts-reference.md §6), under `spec.template.spec`:
/// `volumes[].configMap.name`, `volumes[].projected.sources[].configMap.name`, and for
/// `containers[]` and `initContainers[]`: `env[].valueFrom.configMapKeyRef.name` and
/// `envFrom[].configMapRef.name`.
public enum PodTemplateRewrite {
    /// The Rollout with `container`'s image set to `image` (when given) and each ConfigMap
    /// reference renamed per `configMapRenames` (old name → new name). Everything else,
    /// including fields tandem does not model, is kept.
    public static func rewrite(
        rollout: JSON, container: String?, image: String?, configMapRenames: [String: String]
    ) throws(PairingError) -> JSON {
        try checkTemplate(rollout)
        var result = rollout
        var spec = rollout[path: ["spec", "template", "spec"]]
        if let image {
            try setImage(in: &spec, container: container, image: image, rollout: rollout.name)
        }
        if !configMapRenames.isEmpty {
            spec = renamingConfigMaps(in: spec, configMapRenames)
        }
        result[path: ["spec", "template", "spec"]] = spec
        return result
    }

    /// Every ConfigMap name a pod template (`spec.template` of a Rollout or ReplicaSet)
    /// references on the §6 paths.
    public static func configMapReferences(inTemplate template: JSON) -> Set<String> {
        var names = Set<String>()
        _ = renamingConfigMaps(in: template["spec"], [:]) { names.insert($0) }
        return names
    }

    /// The image of `container` (or the only container) in a pod template.
    public static func image(inTemplate template: JSON, container: String?) -> String? {
        let containers = template[path: ["spec", "containers"]].arrayValue ?? []
        if let container {
            return (containers + (template[path: ["spec", "initContainers"]].arrayValue ?? []))
                .first { $0["name"].stringValue == container }?["image"].stringValue
        }
        return containers.count == 1 ? containers[0]["image"].stringValue : nil
    }

    private static func checkTemplate(_ rollout: JSON) throws(PairingError) {
        if !rollout[path: ["spec", "workloadRef"]].isNull {
            throw PairingError("Rollout \"\(rollout.name)\" takes its template from spec.workloadRef; tandem rewrites only inline templates — inline the template (spec.template) to release it with tandem")
        }
        guard rollout[path: ["spec", "template", "spec"]].objectValue != nil else {
            throw PairingError("Rollout \"\(rollout.name)\" has no spec.template.spec; check that the object is an Argo Rollout with an inline pod template")
        }
    }

    private static func setImage(in spec: inout JSON, container: String?, image: String, rollout: String) throws(PairingError) {
        var containers = spec["containers"].arrayValue ?? []
        let names = containers.compactMap { $0["name"].stringValue }
        let index: Int
        if let container {
            guard let found = containers.firstIndex(where: { $0["name"].stringValue == container }) else {
                throw PairingError("container \"\(container)\" not found in Rollout \"\(rollout)\" (it has: \(names.joined(separator: ", "))); fix `container:` of this service in the plan")
            }
            index = found
        } else {
            guard containers.count == 1 else {
                throw PairingError("Rollout \"\(rollout)\" has \(containers.count) containers (\(names.joined(separator: ", "))); name the one whose image changes with `container:` in the plan")
            }
            index = 0
        }
        containers[index]["image"] = .string(image)
        spec["containers"] = .array(containers)
    }

    /// Renames references in a pod spec, reporting every name seen to `visit`.
    private static func renamingConfigMaps(
        in spec: JSON, _ renames: [String: String], visit: (String) -> Void = { _ in }
    ) -> JSON {
        func renamed(_ value: JSON) -> JSON {
            guard let name = value.stringValue else { return value }
            visit(name)
            return renames[name].map(JSON.string) ?? value
        }
        var spec = spec
        for list in ["containers", "initContainers"] {
            guard let containers = spec[list].arrayValue else { continue }
            spec[list] = .array(containers.map { container in
                var container = container
                if let env = container["env"].arrayValue {
                    container["env"] = .array(env.map { entry in
                        var entry = entry
                        let path = ["valueFrom", "configMapKeyRef", "name"]
                        if !entry[path: path].isNull { entry[path: path] = renamed(entry[path: path]) }
                        return entry
                    })
                }
                if let envFrom = container["envFrom"].arrayValue {
                    container["envFrom"] = .array(envFrom.map { entry in
                        var entry = entry
                        let path = ["configMapRef", "name"]
                        if !entry[path: path].isNull { entry[path: path] = renamed(entry[path: path]) }
                        return entry
                    })
                }
                return container
            })
        }
        if let volumes = spec["volumes"].arrayValue {
            spec["volumes"] = .array(volumes.map { volume in
                var volume = volume
                if !volume[path: ["configMap", "name"]].isNull {
                    volume[path: ["configMap", "name"]] = renamed(volume[path: ["configMap", "name"]])
                }
                if let sources = volume[path: ["projected", "sources"]].arrayValue {
                    volume[path: ["projected", "sources"]] = .array(sources.map { source in
                        var source = source
                        if !source[path: ["configMap", "name"]].isNull {
                            source[path: ["configMap", "name"]] = renamed(source[path: ["configMap", "name"]])
                        }
                        return source
                    })
                }
                return volume
            })
        }
        return spec
    }
}
