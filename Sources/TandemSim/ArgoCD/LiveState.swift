import Foundation
import TandemKubeModel

/// How rendered (desired) objects relate to live ones: the object Argo CD would apply, whether a
/// live object matches it, and what `kubectl apply` (Argo CD's default, client-side) makes of it.
enum LiveState {
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    /// The kind a rendered object is stored as, or nil when the simulated cluster does not serve it.
    static func resourceType(of object: JSON) -> ResourceType? {
        let apiVersion = object["apiVersion"].stringValue ?? "", kind = object["kind"].stringValue ?? ""
        return ResourceType.served.first { $0.apiVersion == apiVersion && $0.kind == kind }
    }

    /// The rendered object as applied: the destination namespace filled in, the tracking id added.
    static func desired(_ rendered: JSON, application: String, type: ResourceType?, destinationNamespace: String?) -> JSON {
        var object = rendered
        let namespaced = type?.namespaced ?? true
        if namespaced {
            if object.namespace == nil { object[path: ["metadata", "namespace"]] = .string(destinationNamespace ?? "default") }
        } else {
            object.removeKey(["metadata", "namespace"])
        }
        let group = String((object["apiVersion"].stringValue ?? "").split(separator: "/").dropLast().first ?? "")
        object[path: ["metadata", "annotations", TrackingID.annotation]] = .string(TrackingID.value(
            application: application, group: group, kind: object["kind"].stringValue ?? "",
            namespace: namespaced ? object.namespace : nil, name: object.name))
        return object
    }

    /// Argo CD's comparison, normalised the way its diff ignores what the server owns: every field
    /// the desired object sets (status excepted, and of metadata only labels and annotations)
    /// must have the same value live; fields only the live object has (defaults, clusterIP,
    /// uid…) do not count. Lists must match element by element.
    static func inSync(desired: JSON, live: JSON) -> Bool {
        var wanted = desired
        wanted.removeKey(["status"])
        wanted["metadata"] = ["labels": desired["metadata"]["labels"], "annotations": desired["metadata"]["annotations"]]
        return contains(live, wanted)
    }

    static func contains(_ live: JSON, _ wanted: JSON) -> Bool {
        switch (live, wanted) {
        case (_, .null): return true
        case (.object(let l), .object(let w)):
            return w.allSatisfy { key, value in value.isNull || contains(l[key] ?? .null, value) }
        case (.array(let l), .array(let w)):
            return l.count == w.count && zip(l, w).allSatisfy { contains($0, $1) }
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)):
            return Double(a) == b
        default:
            return live == wanted
        }
    }

    /// What the object looks like after `kubectl apply` of `desired` over `live`: the fields the
    /// manifest sets replace live ones (maps merged key by key, lists replaced), fields the last
    /// apply set but this manifest no longer has are removed, everything else (server-set fields,
    /// other writers' fields, status) stays. The manifest is recorded in the last-applied annotation.
    static func applied(_ desired: JSON, over live: JSON) -> JSON {
        var manifest = desired
        manifest.removeKey(["metadata", "annotations", lastApplied])
        let previous = live["metadata"]["annotations"][lastApplied].stringValue.flatMap { try? JSON.parse(Data($0.utf8)) } ?? .null
        var result = merge(live, manifest, previous: previous)
        result.removeKey(["status"])
        result["status"] = live["status"]
        if result["status"].isNull { result.removeKey(["status"]) }
        result[path: ["metadata", "annotations", lastApplied]] = .string(String(decoding: manifest.serialized(), as: UTF8.self))
        result[path: ["metadata", "resourceVersion"]] = live["metadata"]["resourceVersion"]
        return result
    }

    /// The object to create: the manifest with its last-applied annotation.
    static func created(_ desired: JSON) -> JSON {
        var object = desired
        object[path: ["metadata", "annotations", lastApplied]] = .string(String(decoding: desired.serialized(), as: UTF8.self))
        return object
    }

    private static func merge(_ live: JSON, _ manifest: JSON, previous: JSON) -> JSON {
        guard case .object(var result) = live, case .object(let wanted) = manifest else { return manifest }
        for (key, value) in wanted {
            result[key] = merge(result[key] ?? .null, value, previous: previous[key])
        }
        if case .object(let before) = previous {
            for key in before.keys where wanted[key] == nil { result[key] = nil }
        }
        return .object(result)
    }
}

extension JSON {
    /// Removes the key at a path (no-op when absent).
    mutating func removeKey(_ path: [String]) {
        guard let last = path.last else { return }
        let parent = Array(path.dropLast())
        guard case .object(var o) = self[path: parent] else { return }
        o[last] = nil
        self[path: parent] = .object(o)
    }
}
