import Crypto
import Foundation
import Yams

/// One API user: a name, groups, and the SHA-256 (hex) of the token. The token itself is never stored.
public struct ServerUser: Codable, Sendable, Equatable {
    public var name: String
    public var groups: [String]
    public var tokenSHA256: String

    public init(name: String, groups: [String], tokenSHA256: String) {
        self.name = name
        self.groups = groups
        self.tokenSHA256 = tokenSHA256
    }
}

/// The users file: `users: [{name: alice, groups: [qa], tokenSHA256: <hex>}]`.
public struct UsersFile: Sendable, Equatable {
    public var users: [ServerUser]

    public init(users: [ServerUser] = []) { self.users = users }

    private struct Document: Codable { var users: [ServerUser]? }

    /// Parses the YAML text; the error names the file and what is wrong.
    public static func parse(_ text: String, path: String) throws -> UsersFile {
        do {
            let doc = try YAMLDecoder().decode(Document.self, from: text.isEmpty ? "{}" : text)
            return UsersFile(users: doc.users ?? [])
        } catch {
            throw ServerError.usersFile(path: path, reason: "\(error)")
        }
    }

    /// Loads the file; a missing file is an empty list of users.
    public static func load(path: String) throws -> UsersFile {
        guard FileManager.default.fileExists(atPath: path) else { return UsersFile() }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ServerError.usersFile(path: path, reason: error.localizedDescription)
        }
        return try parse(text, path: path)
    }

    public func yaml() throws -> String {
        try YAMLEncoder().encode(Document(users: users))
    }

    /// Writes the file (mode 0600: token hashes are not secrets, but nobody else needs them).
    public func save(path: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try yaml().write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    /// The user whose token hashes to a stored hash (compared in constant time).
    public func user(token: String) -> ServerUser? {
        let hash = Self.hash(token)
        return users.first { Self.constantTimeEqual($0.tokenSHA256.lowercased(), hash) }
    }

    public func user(named name: String) -> ServerUser? {
        users.first { $0.name.lowercased() == name.lowercased() }
    }

    /// group → member names, the map the store's approval policy expands `group:<name>` with.
    public var groupMap: [String: [String]] {
        var map: [String: [String]] = [:]
        for user in users { for group in user.groups { map[group, default: []].append(user.name) } }
        return map
    }

    /// Adds a user with a new random token; returns the file and the token (shown once).
    public func adding(name: String, groups: [String]) throws -> (UsersFile, token: String) {
        let clean = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !clean.isEmpty else { throw ServerError.invalidUser("the user name is empty: pass a name, e.g. `tandem serve add-user alice --groups qa`") }
        guard user(named: clean) == nil else {
            throw ServerError.invalidUser("user \"\(clean)\" already exists in the users file: choose another name, or remove the entry to issue a new token")
        }
        let token = Self.newToken()
        var copy = self
        copy.users.append(ServerUser(name: clean, groups: groups, tokenSHA256: Self.hash(token)))
        return (copy, token)
    }

    /// 32 random bytes as 64 hex digits.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
