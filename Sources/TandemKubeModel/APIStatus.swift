/// A `kind: Status` failure object, as the API server writes it for every error.
public struct APIStatus: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var reason: String
    public var message: String
    public var details: JSON

    public init(code: Int, reason: String, message: String, details: JSON = .null) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    public var description: String { "\(code) \(reason): \(message)" }

    public var json: JSON {
        var object: JSON = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        if !details.isNull { object["details"] = details }
        return object
    }

    public init?(json: JSON) {
        guard json["kind"].stringValue == "Status", let code = json["code"].intValue else { return nil }
        self.init(code: code, reason: json["reason"].stringValue ?? "", message: json["message"].stringValue ?? "",
                  details: json["details"])
    }

    private static func details(_ type: ResourceType, _ name: String) -> JSON {
        var d: JSON = ["name": .string(name), "kind": .string(type.plural)]
        if !type.group.isEmpty { d["group"] = .string(type.group) }
        return d
    }

    public static func notFound(_ type: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 404, reason: "NotFound", message: "\(type.qualifiedName) \"\(name)\" not found",
                  details: details(type, name))
    }

    public static func alreadyExists(_ type: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 409, reason: "AlreadyExists", message: "\(type.qualifiedName) \"\(name)\" already exists",
                  details: details(type, name))
    }

    public static func conflict(_ type: ResourceType, _ name: String) -> APIStatus {
        APIStatus(code: 409, reason: "Conflict",
                  message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
                  details: details(type, name))
    }

    public static func gone(_ message: String) -> APIStatus {
        APIStatus(code: 410, reason: "Expired", message: message)
    }

    public static func badRequest(_ message: String) -> APIStatus {
        APIStatus(code: 400, reason: "BadRequest", message: message)
    }

    public static func invalid(_ type: ResourceType, _ name: String, _ message: String) -> APIStatus {
        APIStatus(code: 422, reason: "Invalid", message: "\(type.kind) \"\(name)\" is invalid: \(message)",
                  details: details(type, name))
    }

    public static func unsupportedMediaType(_ contentType: String) -> APIStatus {
        APIStatus(code: 415, reason: "UnsupportedMediaType",
                  message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml")
    }

    public static func forbidden(verb: String, type: ResourceType, namespace: String?, name: String?, user: String) -> APIStatus {
        let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
        let target = name.map { " \"\($0)\"" } ?? ""
        return APIStatus(code: 403, reason: "Forbidden",
                         message: "\(type.qualifiedName)\(target) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(type.plural)\" in API group \"\(type.group)\" \(scope)",
                         details: ["kind": .string(type.plural), "group": .string(type.group)])
    }

    public static let unauthorized = APIStatus(code: 401, reason: "Unauthorized", message: "Unauthorized")
}
