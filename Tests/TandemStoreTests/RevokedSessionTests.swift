import Foundation
import GRDB
import TandemStore
import Testing

@Suite("Revoked dashboard sessions")
struct RevokedSessionTests {
    @Test("a revoked session key stays revoked across store instances; other keys are not; expired revocations are purged on the next revoke")
    func revokeAndPurge() async throws {
        let path = NSTemporaryDirectory() + "tandem-revoked-\(UUID().uuidString.prefix(8)).db"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = try ReleaseStore.open(path: path)
        #expect(try await store.isSessionRevoked(key: "k1") == false)
        try await store.revokeSession(key: "k1", expires: Date().addingTimeInterval(3600))
        try await store.revokeSession(key: "old", expires: Date().addingTimeInterval(-1))
        #expect(try await store.isSessionRevoked(key: "k1"))
        #expect(try await store.isSessionRevoked(key: "k2") == false)

        let reopened = try ReleaseStore.open(path: path)
        #expect(try await reopened.isSessionRevoked(key: "k1"))
        try await reopened.revokeSession(key: "k2", expires: Date().addingTimeInterval(60))
        let keys = try await reopened.writer.read { db in try String.fetchAll(db, sql: "SELECT key FROM revokedSession ORDER BY key") }
        #expect(keys == ["k1", "k2"])
    }
}
