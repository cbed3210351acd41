import Foundation
import TandemKubeModel

/// What the API server's authorization filter sees of a request, parsed from the URL and method
/// alone as Kubernetes' `RequestInfoFactory` does (apiserver/pkg/endpoints/request/requestinfo.go).
/// Authorization runs in the filter chain before any handler looks the object — or even the
/// resource type — up, so a caller without the permission gets 403 for a missing object or an
/// unknown resource alike, never 404.
struct RequestAttributes: Equatable {
    var isResourceRequest = false
    var verb: String
    var path: String
    var apiGroup = ""
    var namespace = ""
    var resource = ""
    var subresource = ""
    var name = ""

    init(method: String, path: String, query: [String: String]) {
        self.path = path
        let httpVerb = method.lowercased()
        verb = httpVerb
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard parts.count >= 3, ["api", "apis"].contains(parts[0]) else { return }
        let prefix = parts.removeFirst()
        if prefix == "apis" {
            guard parts.count >= 3 else { return }
            apiGroup = parts.removeFirst()
        }
        isResourceRequest = true
        parts.removeFirst()    // the version
        verb = switch method.uppercased() {
        case "POST": "create"
        case "GET", "HEAD": "get"
        case "PUT": "update"
        case "PATCH": "patch"
        case "DELETE": "delete"
        default: ""
        }
        if parts.first == "namespaces" {
            if parts.count > 1 {
                namespace = parts[1]
                // namespaces/NAME/status and /finalize are the namespace's own subresources.
                if parts.count > 2, !["status", "finalize"].contains(parts[2]) { parts.removeFirst(2) }
            }
        }
        if parts.count >= 3 { subresource = parts[2] }
        if parts.count >= 2 { name = parts[1] }
        if parts.count >= 1 { resource = parts[0] }
        if name.isEmpty, verb == "get" { verb = ["true", "1"].contains(query["watch"] ?? "") ? "watch" : "list" }
        if name.isEmpty, verb == "delete" { verb = "deletecollection" }
    }

    /// The 403 the API server answers when `user` may not do this (`responsewriters.Forbidden`:
    /// `NewForbidden(group/resource, name, forbiddenMessage(attributes))`), nil when allowed.
    func denial(for user: SimUser) -> APIStatus? {
        if user.may(verb) { return nil }
        // Every authenticated user may ask what it may do (the system:basic-user role).
        if isResourceRequest, verb == "create", apiGroup == "authorization.k8s.io", resource == "selfsubjectaccessreviews" {
            return nil
        }
        guard isResourceRequest else {
            return APIStatus(code: 403, reason: "Forbidden", message: "forbidden: User \"\(user.name)\" cannot \(verb) path \"\(path)\"")
        }
        let target = subresource.isEmpty ? resource : "\(resource)/\(subresource)"
        let scope = namespace.isEmpty ? "at the cluster scope" : "in the namespace \"\(namespace)\""
        let qualified = apiGroup.isEmpty ? resource : "\(resource).\(apiGroup)"
        let object = name.isEmpty ? qualified : "\(qualified) \"\(name)\""
        var details: JSON = ["kind": .string(resource)]
        if !apiGroup.isEmpty { details["group"] = .string(apiGroup) }
        if !name.isEmpty { details["name"] = .string(name) }
        return APIStatus(code: 403, reason: "Forbidden",
                         message: "\(object) is forbidden: User \"\(user.name)\" cannot \(verb) resource \"\(target)\" in API group \"\(apiGroup)\" \(scope)",
                         details: details)
    }
}
