import Foundation
import TandemKubeModel

/// The Kubernetes REST API over the object store: discovery, CRUD, patch, watch, status
/// subresource, proxy and SelfSubjectAccessReview. Framework-free so it can be tested directly.
public struct APIHandler: Sendable {
    public let store: ObjectStore
    public let network: (any PodNetwork)?
    let now: @Sendable () -> Date
    let eventLines = EventLineCache()

    public init(store: ObjectStore, network: (any PodNetwork)?, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.network = network
        self.now = now
    }

    public func handle(_ request: APIRequest) async -> APIResponse {
        // Authorization comes first, from the URL and method alone, as the API server's filter chain does.
        if let denial = RequestAttributes(method: request.method, path: request.path, query: request.query).denial(for: request.user) {
            return .error(denial)
        }
        do {
            return try await route(request)
        } catch let status as APIStatus {
            return .error(status)
        } catch {
            return .error(APIStatus(code: 500, reason: "InternalError", message: "\(error)"))
        }
    }

    private func route(_ request: APIRequest) async throws -> APIResponse {
        let route = APIRoute.parse(request.path)
        let method = request.method.uppercased()
        switch route {
        case .version: return .json(Discovery.version)
        case .coreVersions: return .json(Discovery.coreVersions)
        case .groupList: return .json(Discovery.groupList)
        case .group(let name): return .json(Discovery.group(name))
        case .resourceList(let group, let version):
            guard let list = Discovery.resourceList(group: group, version: version) else { throw APIStatus.pathNotFound }
            return .json(list)
        case .health:
            return APIResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: .data(Data("ok".utf8)))
        case .openAPI:
            if request.path.hasPrefix("/openapi/v2"), request.headers["accept"]?.contains("protobuf") == true {
                return APIResponse(status: 200, headers: [("Content-Type", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf")],
                                   body: .data(OpenAPI.v2Protobuf))
            }
            guard let document = OpenAPI.document(request.path) else { throw APIStatus.pathNotFound }
            return .json(document)
        case .notFound:
            throw APIStatus.pathNotFound
        case .collection(let type, let namespace):
            if type == .selfSubjectAccessReviews {
                guard method == "POST" else { throw APIStatus.methodNotAllowed(method) }
                return try selfSubjectAccessReview(request)
            }
            switch method {
            case "GET":
                let watching = ["true", "1"].contains(request.query["watch"] ?? "")
                return watching ? try await watch(type, namespace, request) : try await list(type, namespace, request)
            case "POST":
                return try await create(type, namespace, request)
            case "DELETE":
                return try await deleteCollection(type, namespace, request)
            default: throw APIStatus.methodNotAllowed(method)
            }
        case .object(let type, let namespace, let name):
            return try await object(type, namespace, name, .main, method, request)
        case .status(let type, let namespace, let name):
            guard type.hasStatusSubresource else { throw APIStatus.pathNotFound }
            return try await object(type, namespace, name, .status, method, request)
        case .scale(let type, let namespace, let name):
            return try await scale(type, namespace, name, method, request)
        case .proxy(let type, let namespace, let name, let port, let path):
            guard let network else {
                throw APIStatus(code: 503, reason: "ServiceUnavailable", message: "no endpoints available for service \"\(name)\"")
            }
            let answer = try await type == .services
                ? network.proxyToService(namespace: namespace, service: name, port: port, path: path)
                : network.proxyToPod(namespace: namespace, pod: name, port: port, path: path)
            return .json(answer)
        }
    }

    private func object(_ type: ResourceType, _ namespace: String?, _ name: String, _ sub: Subresource,
                        _ method: String, _ request: APIRequest) async throws -> APIResponse {
        let verb: String = switch method {
        case "GET": "get"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: "unsupported"
        }
        guard verb != "unsupported" else { throw APIStatus.methodNotAllowed(method) }
        if verb == "delete", sub == .status { throw APIStatus.methodNotAllowed(method) }
        switch verb {
        case "get":
            let object = try await store.get(type, namespace: namespace, name: name)
            return respond(type, object, request)
        case "update": return try await update(type, namespace, name, sub, request)
        case "patch": return try await patch(type, namespace, name, sub, request)
        default: return try await deleteObject(type, namespace, name, request)
        }
    }

    /// One object, as JSON or as a one-row Table when kubectl asks for that; each warning becomes a
    /// `Warning: 299 - "text"` header (RFC 7234 §5.5, as the API server sends them and kubectl prints them).
    func respond(_ type: ResourceType, _ object: JSON, _ request: APIRequest, status: Int = 200,
                 warnings: [String] = []) -> APIResponse {
        var response: APIResponse = if TableFormatter.wantsTable(request.headers["accept"]) {
            .json(TableFormatter.table(type, [object], resourceVersion: object.resourceVersion, now: now()), status: status)
        } else {
            .json(object, status: status)
        }
        for warning in warnings {
            let quoted = warning.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            response.headers.append(("Warning", "299 - \"\(quoted)\""))
        }
        return response
    }

    private func selfSubjectAccessReview(_ request: APIRequest) throws -> APIResponse {
        let review = try parseBody(request)
        let attributes = review["spec"]["resourceAttributes"]
        let verb = attributes["verb"].stringValue ?? ""
        let allowed = request.user.may(verb) || attributes.isNull && request.user == .admin
        var result = review
        result["kind"] = "SelfSubjectAccessReview"
        result["apiVersion"] = "authorization.k8s.io/v1"
        if result["metadata"].isNull { result["metadata"] = [:] }
        var status: JSON = ["allowed": .bool(allowed)]
        if !allowed {
            status["denied"] = false
            status["reason"] = .string("user \"\(request.user.name)\" may only get, list and watch")
        } else {
            status["reason"] = "tandem sim: full access"
        }
        result["status"] = status
        return .json(result, status: 201)
    }

    func parseBody(_ request: APIRequest) throws(APIStatus) -> JSON {
        guard !request.body.isEmpty else { throw APIStatus.badRequest("the request body is empty") }
        if let type = request.headers["content-type"], type.contains("protobuf") || type.contains("cbor") {
            throw APIStatus(code: 415, reason: "UnsupportedMediaType",
                            message: "the simulator accepts JSON bodies only, not \(type); use kubectl create -f / apply -f")
        }
        do {
            return try JSON.parse(request.body)
        } catch {
            throw APIStatus.badRequest("the request body is not valid JSON (the simulator accepts JSON only): \(error)")
        }
    }
}
