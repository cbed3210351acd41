import Foundation
import GRDB

/// The persistence layer of releases: one `Sendable` value wrapping a GRDB `DatabaseWriter`.
/// Every write method is one transaction (IMMEDIATE, so processes sharing the file serialize) and appends
/// its audit event in the same transaction. Time comes from the injected `now`.
public struct ReleaseStore: Sendable {
    public let writer: any DatabaseWriter
    /// Every write method's transaction goes through it (see `GroupCommit`).
    let commits: GroupCommit
    /// The database file, or `in-memory` (for messages).
    public let location: String
    let now: @Sendable () -> Date
    let process: ProcessIdentity
    let idSuffix: @Sendable () -> String
    /// Whether a pid on this host still runs (a crashed holder's lock on this host can be taken over at once).
    let isProcessAlive: @Sendable (Int32) -> Bool

    /// Wraps an open database and migrates it.
    public init(
        writer: any DatabaseWriter,
        location: String,
        now: @escaping @Sendable () -> Date = { Date() },
        process: ProcessIdentity = .current,
        idSuffix: @escaping @Sendable () -> String = ReleaseID.randomSuffix,
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = ProcessIdentity.isAlive
    ) throws {
        self.isProcessAlive = isProcessAlive
        self.writer = writer
        self.commits = GroupCommit(writer: writer)
        self.location = location
        // Millisecond precision, like the stored text, so a record returned by a write equals the one read back.
        self.now = { Self.milliseconds(now()) }
        self.process = process
        self.idSuffix = idSuffix
        try Self.migrate(writer)
    }

    /// Opens (creating when missing) the database file in WAL mode, so CLI runs and the server can share
    /// it; a write waiting for another process's lock waits as `lockWait` says (and says so).
    public static func open(
        path: String,
        now: @escaping @Sendable () -> Date = { Date() },
        process: ProcessIdentity = .current,
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = ProcessIdentity.isAlive,
        lockWait: StateLockWait = StateLockWait()
    ) throws -> ReleaseStore {
        if path == ":memory:" { return try inMemory(now: now, process: process, isProcessAlive: isProcessAlive) }
        let pool = try openPool(path: path, lockWait: lockWait)
        return try ReleaseStore(writer: pool, location: path, now: now, process: process, isProcessAlive: isProcessAlive)
    }

    /// A private in-memory database (tests, dry runs).
    public static func inMemory(
        now: @escaping @Sendable () -> Date = { Date() },
        process: ProcessIdentity = .current,
        idSuffix: @escaping @Sendable () -> String = ReleaseID.randomSuffix,
        isProcessAlive: @escaping @Sendable (Int32) -> Bool = ProcessIdentity.isAlive
    ) throws -> ReleaseStore {
        let queue = try DatabaseQueue(configuration: configuration())
        return try ReleaseStore(writer: queue, location: "in-memory database", now: now, process: process,
                                idSuffix: idSuffix, isProcessAlive: isProcessAlive)
    }

    /// One write transaction, committed together with the writes that arrive at the same moment
    /// (`GroupCommit`); returns once it is durable.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await commits.write(body)
    }

    static func milliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Opens the pool. Switching a new file to WAL needs a moment alone with it, and SQLite answers
    /// SQLITE_BUSY at once (no busy handler) when another process is doing the same: two CI jobs or
    /// `tandem` commands starting together on a fresh database. So that case is tried again shortly.
    /// Only a BUSY that came at once is that case; one after the busy handler waited is a real lock
    /// holder and is not waited for again.
    static func openPool(path: String, lockWait: StateLockWait = StateLockWait()) throws -> DatabasePool {
        var attempt = 0
        while true {
            let started = Date()
            do {
                return try DatabasePool(path: path, configuration: configuration(lockWait: lockWait, path: path))
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 50
                        && Date().timeIntervalSince(started) < 1 {
                attempt += 1
                usleep(useconds_t(20_000 + Int.random(in: 0..<20_000)))
            }
        }
    }

    public static func configuration(lockWait: StateLockWait = StateLockWait(), path: String = "in-memory database") -> Configuration {
        var config = Configuration()
        config.busyMode = lockWait.busyMode(path: path)
        config.foreignKeysEnabled = true
        config.label = "tandem.state"
        return config
    }

    /// Migrates; when several processes open a new file at once, the loser of a migration retries after the
    /// winner committed (GRDB reads the applied migrations before taking the write lock).
    /// A database whose schema is current is only read: migrating takes the write lock, which another
    /// process may hold for a while.
    static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = Migrations.migrator
        if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                attempt += 1
                if attempt >= 5 { throw error }
                if try writer.read({ try migrator.hasCompletedMigrations($0) }) { return }
            }
        }
    }
}

/// Who holds a lock: this host and process.
public struct ProcessIdentity: Sendable, Equatable {
    public var host: String
    public var pid: Int32
    public init(host: String, pid: Int32) { self.host = host; self.pid = pid }
    /// `kill(pid, 0)`: true unless the process does not exist.
    public static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
    public static var current: ProcessIdentity {
        ProcessIdentity(host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier)
    }
}
