import Foundation

/// Errors of the server's own configuration. Each says what was wrong and what to do.
public enum ServerError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    case usersFile(path: String, reason: String)
    case invalidUser(String)
    case secret(path: String, reason: String)
    case tls(String)

    public var description: String {
        switch self {
        case let .usersFile(path, reason):
            return "cannot read the users file \(path): \(reason); it must look like `users: [{name: alice, groups: [qa], tokenSHA256: <hex>}]` (create entries with `tandem serve add-user`)"
        case let .invalidUser(message):
            return message
        case let .secret(path, reason):
            return "cannot read or create the session secret \(path): \(reason); make its directory writable or pass --users in a writable directory"
        case let .tls(message):
            return message
        }
    }

    public var errorDescription: String? { description }
}
