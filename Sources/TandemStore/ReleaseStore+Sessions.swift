import Foundation
import GRDB

/// Dashboard sessions revoked by sign-out. Sessions are signed cookies (no server-side state while valid);
/// this list is what makes a copied cookie useless after its user signed out.
extension ReleaseStore {
    /// Refuses the session `key` from now until `expires`; forgets revocations whose session has expired anyway.
    public func revokeSession(key: String, expires: Date) async throws {
        let now = Date()
        try await write { db in
            try db.execute(sql: "DELETE FROM revokedSession WHERE expiresAt <= ?", arguments: [now])
            try db.execute(sql: "INSERT OR REPLACE INTO revokedSession (key, expiresAt) VALUES (?, ?)", arguments: [key, expires])
        }
    }

    public func isSessionRevoked(key: String) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM revokedSession WHERE key = ?)", arguments: [key]) ?? false
        }
    }
}
