import Foundation
import TandemKubeModel

/// Items of a LIST and the collection's resourceVersion (where a watch resumes).
public struct ObjectList: Sendable {
    public var items: [JSON]
    public var resourceVersion: String
    /// `metadata.continue` of a page that is not the last (a LIST with `limit`).
    public var continueToken: String? = nil
}

/// Generic CRUD over any `ResourceType`. Objects travel as raw `JSON`, so fields tandem
/// does not model are written back unchanged.
extension KubeClient {
    func info(_ method: String, _ verb: String, _ type: ResourceType, namespace: String?, name: String?,
              subresource: String? = nil) -> RequestInfo {
        let ns = type.namespaced ? (namespace ?? self.namespace) : nil
        var path = name.map { type.objectPath(namespace: ns, name: $0) } ?? type.collectionPath(namespace: ns)
        if let subresource { path += "/\(subresource)" }
        return RequestInfo(method: method, path: path, verb: verb, resource: type, subresource: subresource,
                           namespace: ns, name: name)
    }

    public func get(_ type: ResourceType, namespace: String? = nil, name: String,
                    subresource: String? = nil) async throws(KubeError) -> JSON {
        try await json(KubeRequest(info: info("GET", "get", type, namespace: namespace, name: name, subresource: subresource)))
    }

    /// The object, or nil when it does not exist.
    public func getIfPresent(_ type: ResourceType, namespace: String? = nil, name: String) async throws(KubeError) -> JSON? {
        do { return try await get(type, namespace: namespace, name: name) } catch where error.isNotFound { return nil }
    }

    /// LIST, optionally filtered; `namespace` nil = the client's namespace; `allNamespaces` lists across all.
    /// `limit` asks for one page of at most that many items (`continueToken` of the answer asks for the next
    /// one with `continue`); `listPaged` walks every page.
    public func list(_ type: ResourceType, namespace: String? = nil, allNamespaces: Bool = false,
                     labelSelector: String? = nil, fieldSelector: String? = nil,
                     limit: Int? = nil, continue token: String? = nil) async throws(KubeError) -> ObjectList {
        var request = KubeRequest(info: info("GET", "list", type, namespace: namespace, name: nil))
        if allNamespaces {
            request.info.path = type.collectionPath(namespace: nil)
            request.info.namespace = nil
        }
        if let labelSelector, !labelSelector.isEmpty { request.query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { request.query.append(("fieldSelector", fieldSelector)) }
        if let limit { request.query.append(("limit", "\(limit)")) }
        if let token, !token.isEmpty { request.query.append(("continue", token)) }
        let body = try await json(request)
        guard let items = body["items"].arrayValue else {
            throw KubeError.invalidResponse(request: request.info, detail: "LIST answer has no items")
        }
        let kind = type.kind
        let apiVersion = type.apiVersion
        // List items omit kind/apiVersion on a real server; put them back so each item stands alone.
        let completed = items.map { item -> JSON in
            var item = item
            if item["kind"].isNull { item["kind"] = .string(kind) }
            if item["apiVersion"].isNull { item["apiVersion"] = .string(apiVersion) }
            return item
        }
        let next = body["metadata"]["continue"].stringValue
        return ObjectList(items: completed, resourceVersion: body["metadata"]["resourceVersion"].stringValue ?? "",
                          continueToken: next?.isEmpty == false ? next : nil)
    }

    /// The whole collection in pages of `pageSize` (client-go's pager, 500 by default): neither side holds the
    /// collection's whole text at once. Every page is transformed by `keep` as it arrives. The answer carries the
    /// first page's resourceVersion, the one the pages are consistent with (where a watch resumes).
    public func listPaged(_ type: ResourceType, namespace: String? = nil, pageSize: Int = 500,
                          keep: (JSON) -> JSON = { $0 }) async throws(KubeError) -> ObjectList {
        var page = try await list(type, namespace: namespace, limit: pageSize)
        var result = ObjectList(items: page.items.map(keep), resourceVersion: page.resourceVersion)
        while let token = page.continueToken {
            page = try await list(type, namespace: namespace, limit: pageSize, continue: token)
            result.items += page.items.map(keep)
        }
        return result
    }

    public func create(_ type: ResourceType, namespace: String? = nil, _ object: JSON) async throws(KubeError) -> JSON {
        let request = KubeRequest(info: info("POST", "create", type, namespace: namespace ?? object.namespace, name: nil),
                                  body: Array(object.serialized()), contentType: "application/json")
        return try await json(request)
    }

    /// PUT: fails with 409 Conflict when `metadata.resourceVersion` is stale.
    public func update(_ type: ResourceType, namespace: String? = nil, _ object: JSON,
                       subresource: String? = nil) async throws(KubeError) -> JSON {
        let request = KubeRequest(info: info("PUT", "update", type, namespace: namespace ?? object.namespace, name: object.name,
                                             subresource: subresource),
                                  body: Array(object.serialized()), contentType: "application/json")
        return try await json(request)
    }

    public func patch(_ type: ResourceType, namespace: String? = nil, name: String, _ patch: JSON,
                      patchType: PatchType = .merge, subresource: String? = nil) async throws(KubeError) -> JSON {
        let request = KubeRequest(info: info("PATCH", "patch", type, namespace: namespace, name: name, subresource: subresource),
                                  body: Array(patch.serialized()), contentType: patchType.rawValue)
        return try await json(request)
    }

    /// DELETE; returns false when the object was already gone.
    @discardableResult
    public func delete(_ type: ResourceType, namespace: String? = nil, name: String) async throws(KubeError) -> Bool {
        do {
            _ = try await perform(KubeRequest(info: info("DELETE", "delete", type, namespace: namespace, name: name)))
            return true
        } catch where error.isNotFound {
            return false
        }
    }

    /// Creates the object; when it already exists with the same content (labels, annotations,
    /// data, spec), that is success too and the existing object is returned. Different content is
    /// an AlreadyExists error. `isSame` replaces that comparison for objects whose identity is less than
    /// their whole content (a pinned Service is the same pin when it selects the same pods).
    public func createIdempotent(_ type: ResourceType, namespace: String? = nil, _ object: JSON,
                                 isSame: (@Sendable (JSON) -> Bool)? = nil) async throws(KubeError) -> JSON {
        do {
            return try await create(type, namespace: namespace, object)
        } catch where error.isAlreadyExists {
            let existing = try await get(type, namespace: namespace ?? object.namespace, name: object.name)
            guard isSame?(existing) ?? Self.sameContent(existing, object) else { throw error }
            return existing
        }
    }

    /// Equal user-set content: every field, label and annotation the desired object sets matches
    /// (server defaults and controller-added keys are ignored).
    static func sameContent(_ existing: JSON, _ desired: JSON) -> Bool {
        for (key, value) in desired.objectValue ?? [:] where !["apiVersion", "kind", "status"].contains(key) {
            if key == "metadata" {
                // Labels and annotations the manifest sets must match; ones controllers added do not count.
                if !desired.labels.allSatisfy({ existing.labels[$0.key] == $0.value })
                    || !desired.annotations.allSatisfy({ existing.annotations[$0.key] == $0.value }) { return false }
            } else if !contains(existing[key], value) {
                return false
            }
        }
        return true
    }

    /// `actual` has every field `expected` sets (servers add defaults such as clusterIP).
    static func contains(_ actual: JSON, _ expected: JSON) -> Bool {
        switch (actual, expected) {
        case (.object(let a), .object(let e)):
            return e.allSatisfy { key, value in contains(a[key] ?? .null, value) }
        case (.array(let a), .array(let e)):
            return a.count == e.count && zip(a, e).allSatisfy { contains($0, $1) }
        default:
            return actual == expected
        }
    }

    /// GET on an arbitrary API path (discovery, `/version`), parsed as JSON.
    public func getPath(_ path: String, verb: String = "get", resource: ResourceType? = nil) async throws(KubeError) -> JSON {
        try await json(KubeRequest(info: RequestInfo(method: "GET", path: path, verb: verb, resource: resource)))
    }
}
