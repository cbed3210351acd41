import Foundation
import TandemKubeModel

/// Collects the warnings a write produces inside a store transform (which must be @Sendable).
final class WarningSink: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func set(_ warnings: [String]) { lock.withLock { items = warnings } }
    var warnings: [String] { lock.withLock { items } }
}

extension APIHandler {
    func list(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let filter = try ListFilter(request.query)
        var (items, rv) = await store.list(type, namespace: namespace, labelSelector: filter.labels, fieldName: filter.name)
        items = items.filter(filter.matches)
        let page = try ListPage(items, resourceVersion: rv, query: request.query)
        if TableFormatter.wantsTable(request.headers["accept"]) {
            var table = TableFormatter.table(type, page.items, resourceVersion: page.resourceVersion, now: now())
            table["metadata"] = page.metadata
            return .json(table)
        }
        return .json(["kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion),
                      "metadata": page.metadata, "items": .array(page.items)])
    }

    func create(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        var body = try parseBody(request)
        if let namespace, let given = body.namespace, !given.isEmpty, given != namespace {
            throw APIStatus.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if let kind = body.kind, !kind.isEmpty, kind != type.kind {
            throw APIStatus.badRequest("the kind \"\(kind)\" does not match the resource \"\(type.qualifiedName)\"")
        }
        let dryRun = try Self.dryRun(request)
        var warnings: [String] = []
        if type == .rollouts {
            (body, warnings) = try RolloutAdmission.admit(body, old: nil, validation: .init(query: request.query))
        }
        let created = try await store.create(type, namespace: namespace, body, dryRun: dryRun)
        return respond(type, created, request, status: 201, warnings: warnings)
    }

    /// PUT. A custom resource must name the resourceVersion it replaces (no unconditional update).
    func update(_ type: ResourceType, _ namespace: String?, _ name: String, _ sub: Subresource,
                _ request: APIRequest) async throws -> APIResponse {
        var body = try parseBody(request)
        if !body.name.isEmpty, body.name != name {
            throw APIStatus.badRequest("the name of the object (\(body.name)) does not match the name on the URL (\(name))")
        }
        if let namespace, let given = body.namespace, !given.isEmpty, given != namespace {
            throw APIStatus.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        body[path: ["metadata", "name"]] = .string(name)
        if type == .rollouts { try RolloutAdmission.requireResourceVersion(body) }
        let dryRun = try Self.dryRun(request)
        let validation = try RolloutAdmission.FieldValidation(query: request.query)
        let sink = WarningSink()
        let proposed = body
        let updated = try await store.modify(type, namespace: namespace, name: name, subresource: sub, dryRun: dryRun) {
            current throws(APIStatus) in
            if let rv = proposed.resourceVersion, !rv.isEmpty, rv != current.resourceVersion { throw APIStatus.conflict(type, name) }
            return try Self.admit(type, proposed, old: current, sub, validation, sink)
        }
        return respond(type, updated, request, warnings: sink.warnings)
    }

    func patch(_ type: ResourceType, _ namespace: String?, _ name: String, _ sub: Subresource,
               _ request: APIRequest) async throws -> APIResponse {
        let apply = try patchFunction(type, request)
        let dryRun = try Self.dryRun(request)
        let validation = try RolloutAdmission.FieldValidation(query: request.query)
        let sink = WarningSink()
        let patched = try await store.modify(type, namespace: namespace, name: name, subresource: sub, dryRun: dryRun) {
            current throws(APIStatus) in
            var result = try apply(current)
            if result.resourceVersion != current.resourceVersion { throw APIStatus.conflict(type, name) }
            if result.name != current.name {
                throw APIStatus.badRequest("the name of the object (\(result.name)) does not match the name on the URL (\(name))")
            }
            result[path: ["metadata", "namespace"]] = current["metadata"]["namespace"]
            return try Self.admit(type, result, old: current, sub, validation, sink)
        }
        return respond(type, patched, request, warnings: sink.warnings)
    }

    /// The function a PATCH body stands for, by its content type.
    func patchFunction(_ type: ResourceType, _ request: APIRequest) throws -> @Sendable (JSON) throws(APIStatus) -> JSON {
        let contentType = (request.headers["content-type"] ?? "").split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let patch = try parseBody(request)
        switch contentType {
        case "application/merge-patch+json":
            guard patch.objectValue != nil else { throw APIStatus.badRequest("a merge patch must be a JSON object") }
            return { current in MergePatch.apply(patch, to: current) }
        case "application/json-patch+json":
            return { current throws(APIStatus) in
                do { return try JSONPatch.apply(patch, to: current) } catch {
                    throw APIStatus(code: 422, reason: "Invalid", message: "the JSON patch could not be applied: \(error)")
                }
            }
        case "application/strategic-merge-patch+json" where type.supportsStrategicMerge:
            guard patch.objectValue != nil else { throw APIStatus.badRequest("a strategic merge patch must be a JSON object") }
            return { current in StrategicMergePatch.apply(patch, to: current) }
        default:
            throw APIStatus.unsupportedMediaType(contentType)
        }
    }

    /// Schema admission of a Rollout's main resource (the status subresource ignores spec changes).
    private static func admit(_ type: ResourceType, _ object: JSON, old: JSON, _ sub: Subresource,
                              _ validation: RolloutAdmission.FieldValidation, _ sink: WarningSink) throws(APIStatus) -> JSON {
        guard type == .rollouts, sub == .main else { return object }
        let (admitted, warnings) = try RolloutAdmission.admit(object, old: old, validation: validation)
        sink.set(warnings)
        return admitted
    }

    /// DELETE's answer follows the registry (k8s.io/apiserver registry/generic/registry/store.go
    /// finalizeDelete): kinds whose storage sets ReturnDeletedObject — pods, services — and
    /// namespaces (whose deletion goes through finalizers) return the object; every other kind,
    /// custom resources included, returns `Status{status: Success}` naming the object.
    func deleteObject(_ type: ResourceType, _ namespace: String?, _ name: String, _ request: APIRequest) async throws -> APIResponse {
        let deleted = try await store.delete(type, namespace: namespace, name: name, dryRun: try Self.dryRun(request))
        if [.pods, .services, .namespaces].contains(type) { return respond(type, deleted, request) }
        var details: JSON = ["name": .string(deleted.name), "kind": .string(type.plural)]
        if !type.group.isEmpty { details["group"] = .string(type.group) }
        if let uid = deleted.uid { details["uid"] = .string(uid) }
        return .json(["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "details": details])
    }

    func deleteCollection(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let filter = try ListFilter(request.query)
        let dryRun = try Self.dryRun(request)
        let items = await store.list(type, namespace: namespace, labelSelector: filter.labels, fieldName: filter.name).items
        var deleted: [JSON] = []
        for item in items where filter.matches(item) {
            if let gone = try? await store.delete(type, namespace: item.namespace, name: item.name, dryRun: dryRun) { deleted.append(gone) }
        }
        return .json(["kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion),
                      "metadata": ["resourceVersion": .string(await store.currentResourceVersion)], "items": .array(deleted)])
    }

    /// `dryRun=All` (kubectl --dry-run=server): admit and answer, persist nothing.
    static func dryRun(_ request: APIRequest) throws(APIStatus) -> Bool {
        switch request.query["dryRun"] ?? "" {
        case "": return false
        case "All": return true
        case let other: throw APIStatus.badRequest("dryRun: Unsupported value: \"\(other)\": supported values: \"All\"")
        }
    }
}
