import Foundation

/// How tandem authenticates to ServiceNow: `SERVICENOW_TOKEN` (bearer), else `SERVICENOW_USER` and
/// `SERVICENOW_PASSWORD` (Basic). The description never contains a secret.
public enum ServiceNowCredentials: Sendable, Equatable, CustomStringConvertible {
    case basic(user: String, password: String)
    case bearer(token: String)

    public static let userVariable = "SERVICENOW_USER"
    public static let passwordVariable = "SERVICENOW_PASSWORD"
    public static let tokenVariable = "SERVICENOW_TOKEN"
    /// What to set, for every message about missing or refused credentials.
    public static let howToSet = "set SERVICENOW_USER and SERVICENOW_PASSWORD, or SERVICENOW_TOKEN"

    /// The credentials from the environment; a `GateError` naming the variables when none are set.
    public static func from(environment: [String: String]) throws -> ServiceNowCredentials {
        if let token = environment[tokenVariable], !token.isEmpty { return .bearer(token: token) }
        let user = environment[userVariable] ?? "", password = environment[passwordVariable] ?? ""
        if !user.isEmpty, !password.isEmpty { return .basic(user: user, password: password) }
        if !user.isEmpty { throw GateError("\(userVariable) is set but \(passwordVariable) is not: \(howToSet)") }
        throw GateError("no ServiceNow credentials: \(howToSet) (an account that may read and update change_request)")
    }

    /// The `Authorization` header value.
    var header: String {
        switch self {
        case .bearer(let token): "Bearer \(token)"
        case .basic(let user, let password): "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        }
    }

    public var description: String {
        switch self {
        case .bearer: "bearer token from \(Self.tokenVariable)"
        case .basic: "Basic auth from \(Self.userVariable)/\(Self.passwordVariable)"
        }
    }
}
