import Foundation
import TandemKubeModel

/// List selectors from the query string.
struct ListFilter: Sendable {
    var labels = LabelSelector()
    var name: String?
    var namespace: String?

    init(_ query: [String: String]) throws(APIStatus) {
        if let text = query["labelSelector"], !text.isEmpty {
            do { labels = try LabelSelector(parsing: text) } catch {
                throw APIStatus.badRequest("unable to parse requirement: \(error.description)")
            }
        }
        for term in (query["fieldSelector"] ?? "").split(separator: ",") {
            let parts = term.replacingOccurrences(of: "==", with: "=").split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].hasSuffix("!") else {
                throw APIStatus.badRequest("unsupported field selector \"\(term)\": the simulator supports metadata.name= and metadata.namespace=")
            }
            switch parts[0] {
            case "metadata.name": name = parts[1]
            case "metadata.namespace": namespace = parts[1]
            default: throw APIStatus.badRequest("field label not supported: \(parts[0])")
            }
        }
    }

    func matches(_ object: JSON) -> Bool {
        if let name, object.name != name { return false }
        if let namespace, object.namespace != namespace { return false }
        return labels.isEmpty || labels.matches(object.labels)
    }
}

extension APIHandler {
    func list(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let filter = try ListFilter(request.query)
        var (items, rv) = await store.list(type, namespace: namespace, labelSelector: filter.labels, fieldName: filter.name)
        if let ns = filter.namespace { items = items.filter { $0.namespace == ns } }
        if TableFormatter.wantsTable(request.headers["accept"]) {
            return .json(TableFormatter.table(type, items, resourceVersion: rv, now: now()))
        }
        return .json(["kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion),
                      "metadata": ["resourceVersion": .string(rv)], "items": .array(items)])
    }

    func create(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let body = try parseBody(request)
        if let namespace, let given = body.namespace, !given.isEmpty, given != namespace {
            throw APIStatus.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        if let kind = body.kind, !kind.isEmpty, kind != type.kind {
            throw APIStatus.badRequest("the kind \"\(kind)\" does not match the resource \"\(type.qualifiedName)\"")
        }
        let created = try await store.create(type, namespace: namespace, body)
        return respond(type, created, request, status: 201)
    }

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
        let updated = try await store.update(type, namespace: namespace, body, subresource: sub)
        return respond(type, updated, request)
    }

    func patch(_ type: ResourceType, _ namespace: String?, _ name: String, _ sub: Subresource,
               _ request: APIRequest) async throws -> APIResponse {
        let contentType = (request.headers["content-type"] ?? "").split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let patch = try parseBody(request)
        let apply: @Sendable (JSON) throws(APIStatus) -> JSON
        switch contentType {
        case "application/merge-patch+json":
            guard patch.objectValue != nil else { throw APIStatus.badRequest("a merge patch must be a JSON object") }
            apply = { current in MergePatch.apply(patch, to: current) }
        case "application/json-patch+json":
            apply = { current throws(APIStatus) in
                do { return try JSONPatch.apply(patch, to: current) } catch {
                    throw APIStatus(code: 422, reason: "Invalid", message: "the JSON patch could not be applied: \(error)")
                }
            }
        case "application/strategic-merge-patch+json" where type.supportsStrategicMerge:
            guard patch.objectValue != nil else { throw APIStatus.badRequest("a strategic merge patch must be a JSON object") }
            apply = { current in StrategicMergePatch.apply(patch, to: current) }
        default:
            throw APIStatus.unsupportedMediaType(contentType)
        }
        let patched = try await store.modify(type, namespace: namespace, name: name, subresource: sub) { current throws(APIStatus) in
            var result = try apply(current)
            if result.resourceVersion != current.resourceVersion { throw APIStatus.conflict(type, name) }
            if result.name != current.name {
                throw APIStatus.badRequest("the name of the object (\(result.name)) does not match the name on the URL (\(name))")
            }
            result[path: ["metadata", "namespace"]] = current["metadata"]["namespace"]
            return result
        }
        return respond(type, patched, request)
    }

    func deleteCollection(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let filter = try ListFilter(request.query)
        let items = await store.list(type, namespace: namespace, labelSelector: filter.labels, fieldName: filter.name).items
        var deleted: [JSON] = []
        for item in items where filter.matches(item) {
            if let gone = try? await store.delete(type, namespace: item.namespace, name: item.name) { deleted.append(gone) }
        }
        return .json(["kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion),
                      "metadata": ["resourceVersion": .string(await store.currentResourceVersion)], "items": .array(deleted)])
    }
}
