import Foundation
import TandemKubeModel

extension ObjectStore {
    /// Sets uid, resourceVersion, creationTimestamp, namespace, generation 1 (kinds that track it) and
    /// the name from generateName; 409 AlreadyExists. Creates the object's namespace when missing.
    /// A Rollout's `.status` is dropped on create, like a CRD with a status subresource. Core kinds
    /// get the API server's defaults (ObjectDefaults). `dryRun` (the `dryRun=All` query) validates
    /// and returns what would be stored without storing it, creating nothing and using no resourceVersion.
    public func create(_ type: ResourceType, namespace: String?, _ object: JSON, dryRun: Bool = false) throws(APIStatus) -> JSON {
        guard object.objectValue != nil else { throw APIStatus.badRequest("the body of a \(type.kind) must be a JSON object") }
        let ns: String? = type.namespaced ? (namespace ?? object.namespace ?? "default") : nil
        var name = object.name
        if name.isEmpty, let prefix = object["metadata"]["generateName"].stringValue, !prefix.isEmpty {
            name = prefix + ObjectStore.randomSuffix()
        }
        if name.isEmpty {
            throw APIStatus.invalid(type, "", "metadata.name: Required value: name or generateName is required")
        }
        try ObjectStore.validateName(type, name)
        let key = key(type, ns, name)
        if objects[type]?[key] != nil { throw APIStatus.alreadyExists(type, name) }
        if dryRun {
            var preview = defaulted(type, object, previous: nil)
            preview["kind"] = .string(type.kind)
            preview["apiVersion"] = .string(type.apiVersion)
            preview[path: ["metadata", "name"]] = .string(name)
            if let ns { preview[path: ["metadata", "namespace"]] = .string(ns) }
            preview[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
            preview[path: ["metadata", "creationTimestamp"]] = .string(KubeTime.format(now()))
            if type.tracksGeneration { preview[path: ["metadata", "generation"]] = 1 }
            if type == .rollouts { preview.remove(["status"]) }
            return preview
        }
        if let ns, objects[.namespaces]?[ObjectKey(namespace: "", name: ns)] == nil {
            let rv = nextResourceVersion()
            record(.added, .namespaces, ObjectKey(namespace: "", name: ns),
                   ObjectStore.namespaceObject(ns, resourceVersion: rv, at: now()), rv: rv)
        }
        var stored = defaulted(type, object, previous: nil)
        stored["kind"] = .string(type.kind)
        stored["apiVersion"] = .string(type.apiVersion)
        let rv = nextResourceVersion()
        stored[path: ["metadata", "name"]] = .string(name)
        if let ns { stored[path: ["metadata", "namespace"]] = .string(ns) } else { stored.remove(["metadata", "namespace"]) }
        stored[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
        stored[path: ["metadata", "resourceVersion"]] = .string(String(rv))
        stored[path: ["metadata", "creationTimestamp"]] = .string(KubeTime.format(now()))
        if type.tracksGeneration { stored[path: ["metadata", "generation"]] = 1 } else { stored.remove(["metadata", "generation"]) }
        if type == .rollouts { stored.remove(["status"]) }
        if type == .namespaces {
            stored[path: ["metadata", "labels", "kubernetes.io/metadata.name"]] = .string(name)
            stored["status"] = ["phase": "Active"]
        }
        record(.added, type, key, stored, rv: rv)
        try flush()
        return stored
    }

    /// PUT semantics: 409 Conflict when object's metadata.resourceVersion is set and stale;
    /// `.main` keeps the stored .status for kinds with a status subresource, `.status` keeps
    /// everything but .status; generation += 1 only when .spec changed. Returns the stored object.
    public func update(_ type: ResourceType, namespace: String?, _ object: JSON,
                       subresource: Subresource = .main) throws(APIStatus) -> JSON {
        let name = object.name
        guard !name.isEmpty else {
            throw APIStatus.invalid(type, "", "metadata.name: Required value: name is required")
        }
        let key = key(type, namespace ?? object.namespace, name)
        guard let old = objects[type]?[key] else { throw APIStatus.notFound(type, name) }
        if let rv = object.resourceVersion, !rv.isEmpty, rv != old.resourceVersion {
            throw APIStatus.conflict(type, name)
        }
        return try commitUpdate(type, key, old: old, proposed: object, subresource: subresource)
    }

    /// Read-modify-write with a transform, no conflict check (for the controller's and the
    /// API layer's PATCH). The closure gets the current object and returns the new one.
    public func modify(_ type: ResourceType, namespace: String?, name: String, subresource: Subresource = .main,
                       dryRun: Bool = false,
                       _ transform: @Sendable (JSON) throws(APIStatus) -> JSON) throws(APIStatus) -> JSON {
        let key = key(type, namespace, name)
        guard let old = objects[type]?[key] else { throw APIStatus.notFound(type, name) }
        let proposed = try transform(old)
        return try commitUpdate(type, key, old: old, proposed: proposed, subresource: subresource, dryRun: dryRun)
    }

    /// Deletes the object and, like the garbage collector with background propagation, every
    /// object it owns (ownerReferences by uid) and, for a namespace, everything in it.
    /// `dryRun` returns the object that would be deleted and deletes nothing.
    public func delete(_ type: ResourceType, namespace: String?, name: String, dryRun: Bool = false) throws(APIStatus) -> JSON {
        let key = key(type, namespace, name)
        guard let existing = objects[type]?[key] else { throw APIStatus.notFound(type, name) }
        if dryRun { return existing }
        let deleted = remove(type, key)
        try flush()
        return deleted
    }

    // MARK: - Internals

    private func commitUpdate(_ type: ResourceType, _ key: ObjectKey, old: JSON, proposed: JSON,
                              subresource: Subresource, dryRun: Bool = false) throws(APIStatus) -> JSON {
        guard proposed.objectValue != nil else { throw APIStatus.badRequest("the body of a \(type.kind) must be a JSON object") }
        var new: JSON
        if subresource == .status {
            new = old
            new.setOrRemove(["status"], proposed["status"])
        } else {
            new = defaulted(type, proposed, previous: old)
            if type.hasStatusSubresource { new.setOrRemove(["status"], old["status"]) }
            for field in ["uid", "creationTimestamp", "name", "namespace", "generation", "deletionTimestamp"] {
                new.setOrRemove(["metadata", field], old["metadata"][field])
            }
        }
        new["kind"] = .string(type.kind)
        new["apiVersion"] = .string(type.apiVersion)
        new[path: ["metadata", "resourceVersion"]] = old["metadata"]["resourceVersion"]
        if type == .rollouts || type == .replicaSets {
            if new.specPart != old.specPart {
                new[path: ["metadata", "generation"]] = .int((old.generation ?? 0) + 1)
            }
        }
        if new == old { return old }       // a no-op write keeps the resourceVersion, like the API server
        if dryRun { return new }
        let rv = nextResourceVersion()
        new[path: ["metadata", "resourceVersion"]] = .string(String(rv))
        record(.modified, type, key, new, rv: rv)
        try flush()
        return new
    }

    /// Removes an object and its dependents; returns the deleted object with its final resourceVersion.
    private func remove(_ type: ResourceType, _ key: ObjectKey) -> JSON {
        guard var object = objects[type]?[key] else { return .null }
        let rv = nextResourceVersion()
        object[path: ["metadata", "resourceVersion"]] = .string(String(rv))
        record(.deleted, type, key, object, rv: rv)
        let uid = object.uid
        var dependents: [(ResourceType, ObjectKey)] = []
        for (otherType, map) in objects {
            for (otherKey, other) in map {
                if type == .namespaces, otherType.namespaced, otherKey.namespace == key.name {
                    dependents.append((otherType, otherKey))
                } else if let uid, otherKey.namespace == key.namespace,
                          other["metadata"]["ownerReferences"].arrayValue?.contains(where: { $0["uid"].stringValue == uid }) == true {
                    dependents.append((otherType, otherKey))
                }
            }
        }
        for (t, k) in dependents.sorted(by: { $0.1 < $1.1 }) { _ = remove(t, k) }
        return object
    }

    /// The API server's defaulting for core kinds; custom resources are stored as written.
    private func defaulted(_ type: ResourceType, _ object: JSON, previous: JSON?) -> JSON {
        switch type {
        case .services: return ObjectDefaults.service(object, previous: previous, allocate: allocateClusterIP)
        case .pods:
            var pod = object
            if !object["spec"].isNull { pod["spec"] = ObjectDefaults.podSpec(object["spec"]) }
            return pod
        case .replicaSets:
            var rs = object
            if !object[path: ["spec", "template"]].isNull {
                rs[path: ["spec", "template"]] = ObjectDefaults.podTemplate(object[path: ["spec", "template"]])
            }
            return rs
        default: return object
        }
    }

    /// A free address in the simulated service range 10.96.0.0/16 (10.96.0.1 is the `kubernetes` Service's).
    private func allocateClusterIP() -> String {
        let used = Set((objects[.services] ?? [:]).values.compactMap { $0[path: ["spec", "clusterIP"]].stringValue })
        while true {
            let ip = "10.96.\(Int.random(in: 0...255)).\(Int.random(in: 2...254))"
            if !used.contains(ip) { return ip }
        }
    }

    static func randomSuffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }

    static func validateName(_ type: ResourceType, _ name: String) throws(APIStatus) {
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 46 }
        let edgesOK = name.first.map { $0.isLetter || $0.isNumber } == true && name.last.map { $0.isLetter || $0.isNumber } == true
        if !allowed || !edgesOK || name.count > 253 {
            throw APIStatus.invalid(type, name, "metadata.name: Invalid value: \"\(name)\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")
        }
    }
}

extension JSON {
    /// Everything but metadata and status: what bumps `metadata.generation` when it changes.
    var specPart: JSON {
        guard case .object(var o) = self else { return self }
        o["metadata"] = nil
        o["status"] = nil
        return .object(o)
    }

    /// Removes the key at a path (no-op when absent).
    mutating func remove(_ path: [String]) {
        guard let last = path.last else { return }
        let parent = Array(path.dropLast())
        guard case .object(var o) = self[path: parent] else { return }
        guard o[last] != nil else { return }
        o[last] = nil
        self[path: parent] = .object(o)
    }

    /// Sets the value at a path, or removes the key when the value is null.
    mutating func setOrRemove(_ path: [String], _ value: JSON) {
        if value.isNull { remove(path) } else { self[path: path] = value }
    }
}
