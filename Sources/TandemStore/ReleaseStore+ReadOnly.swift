import Foundation
import GRDB

extension ReleaseStore {
    /// Opens the database for commands that only read (`release list`, `status`, `log`): a read-only
    /// connection never takes the write lock, so in WAL mode it answers at once while another process
    /// writes. A missing file or an outdated schema is opened read-write instead (created or migrated
    /// once, which does need the lock).
    public static func openForReading(
        path: String,
        lockWait: StateLockWait = StateLockWait()
    ) throws -> ReleaseStore {
        guard path != ":memory:", FileManager.default.fileExists(atPath: path) else {
            return try open(path: path, lockWait: lockWait)
        }
        var config = configuration(lockWait: lockWait, path: path)
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        guard try queue.read({ try Migrations.migrator.hasCompletedMigrations($0) }) else {
            try queue.close()
            return try open(path: path, lockWait: lockWait)
        }
        return try ReleaseStore(writer: queue, location: path)
    }
}
