import Foundation
import TandemStore

/// Everything the server's routes need: the store, the users, the session signer, settings.
public struct ServerEnvironment: Sendable {
    public var store: ReleaseStore
    /// Re-read on every request so `add-user` takes effect without a restart.
    public var users: @Sendable () throws -> UsersFile
    public var signer: SessionSigner
    /// Set `Secure` on the cookie (when serving TLS).
    public var secureCookies: Bool
    /// How often the SSE stream polls the store, and how often it sends a heartbeat comment.
    public var ssePoll: Duration
    public var sseHeartbeat: Duration
    /// The release engine inside the server (`POST /api/releases`); nil without cluster access (503).
    public var host: ReleaseHost?

    public init(store: ReleaseStore, users: @escaping @Sendable () throws -> UsersFile, signer: SessionSigner,
                secureCookies: Bool = false, ssePoll: Duration = .milliseconds(250), sseHeartbeat: Duration = .seconds(15),
                host: ReleaseHost? = nil) {
        self.host = host
        self.store = store
        self.users = users
        self.signer = signer
        self.secureCookies = secureCookies
        self.ssePoll = ssePoll
        self.sseHeartbeat = sseHeartbeat
    }

    /// Users from a file on disk (a missing file means no users: every request is 401), parsed again
    /// only when the file changes.
    public static func usersFile(at path: String) -> @Sendable () throws -> UsersFile {
        let cache = UsersFileCache(path: path)
        return { try cache.load() }
    }
}
