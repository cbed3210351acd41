/// Strategic-merge patch (`application/strategic-merge-patch+json`) for the built-in kinds
/// tandem and the Argo controller patch (Services, Pods, ReplicaSets, ConfigMaps).
///
/// Maps merge recursively and `null` deletes, as in a merge patch. Lists whose field has a
/// patch merge key in the Kubernetes schema (containers, env, ports, volumes, …) merge
/// element by element on that key; other lists are replaced. `$patch: replace|delete`
/// directives on maps are honoured. Not emulated: `$retainKeys`, `$setElementOrder`,
/// `$deleteFromPrimitiveList` (documented in docs/simulator.md).
public enum StrategicMergePatch {
    /// Field name → merge key, from the Kubernetes API schema for core/apps types.
    public static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
        "env": "name", "volumes": "name", "volumeMounts": "mountPath", "ports": "containerPort",
        "imagePullSecrets": "name", "conditions": "type", "ownerReferences": "uid",
        "tolerations": "key", "hostAliases": "ip",
    ]

    public static func apply(_ patch: JSON, to target: JSON, field: String? = nil) -> JSON {
        guard case .object(var patchObject) = patch else {
            if case .array(let patchList) = patch, let field, let key = mergeKey(for: field, in: patchList),
               case .array(let targetList) = target
            {
                return .array(mergeList(patchList, into: targetList, key: key, field: field))
            }
            return patch
        }
        if let directive = patchObject.removeValue(forKey: "$patch")?.stringValue {
            if directive == "delete" { return .null }
            if directive == "replace" { return .object(patchObject) }
        }
        var result = target.objectValue ?? [:]
        for (key, value) in patchObject {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key] ?? .null, field: key)
            }
        }
        return .object(result)
    }

    /// Service `ports` merge on `port`, container ports on `containerPort`.
    private static func mergeKey(for field: String, in list: [JSON]) -> String? {
        if field == "ports", list.contains(where: { !$0["port"].isNull }) { return "port" }
        guard let key = mergeKeys[field], list.allSatisfy({ $0.objectValue != nil }) else { return nil }
        return key
    }

    private static func mergeList(_ patch: [JSON], into target: [JSON], key: String, field: String) -> [JSON] {
        var result = target
        for element in patch {
            let id = element[key]
            let index = result.firstIndex { $0[key] == id }
            if element["$patch"].stringValue == "delete" {
                if let index { result.remove(at: index) }
            } else if let index {
                result[index] = apply(element, to: result[index], field: nil)
            } else {
                var added = element
                if case .object(var o) = added { o.removeValue(forKey: "$patch"); added = .object(o) }
                result.append(added)
            }
        }
        return result
    }
}
