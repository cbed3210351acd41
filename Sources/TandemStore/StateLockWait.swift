import Foundation
import GRDB
import Synchronization

/// Waiting for the state database's write lock. SQLite's plain busy timeout waits silently and
/// then fails; this handler waits up to `limit`, and once a wait passes `announceAfter` says what
/// it waits for (and which process holds the lock, when the kernel's lock table tells) so a
/// command blocked behind another `tandem` is never a silent hang.
public struct StateLockWait: Sendable {
    public var limit: TimeInterval
    public var announceAfter: TimeInterval
    /// Receives the waiting message; the CLI prints it on stderr.
    public var announce: @Sendable (String) -> Void

    public init(limit: TimeInterval = 60, announceAfter: TimeInterval = 3,
                announce: @escaping @Sendable (String) -> Void = StateLockWait.standardError) {
        self.limit = limit
        self.announceAfter = announceAfter
        self.announce = announce
    }

    public static let standardError: @Sendable (String) -> Void = { message in
        try? FileHandle.standardError.write(contentsOf: Data("\(message)\n".utf8))
    }

    /// The GRDB busy mode for a connection to `path`. One episode starts when SQLite calls with
    /// `numberOfTries == 0`; returning false makes the statement fail with SQLITE_BUSY.
    func busyMode(path: String) -> Database.BusyMode {
        let episode = BusyEpisode()
        let limit = limit, announceAfter = announceAfter, announce = announce
        return .callback { tries in
            let now = Date()
            if tries == 0 { episode.state.withLock { $0 = (now, false) } }
            let (started, announced) = episode.state.withLock { ($0.started, $0.announced) }
            let waited = now.timeIntervalSince(started)
            if waited >= limit { return false }
            if waited >= announceAfter, !announced {
                episode.state.withLock { $0.announced = true }
                let holder = StateLockHolder.pids(database: path).first.map { " (pid \($0))" } ?? ""
                announce("waiting for the state database lock held by another tandem process\(holder) on \(path)… "
                         + "(giving up after \(Int(limit)) s)")
            }
            usleep(tries < 10 ? 10_000 : 50_000)
            return true
        }
    }
}

/// The current busy episode of one connection: when it began and whether it was announced.
private final class BusyEpisode: Sendable {
    let state = Mutex<(started: Date, announced: Bool)>((Date(), false))
}

/// Which processes hold SQLite's WAL write lock on a database, read from Linux's /proc/locks:
/// SQLite takes that lock as a POSIX lock on byte 120 of the `-shm` file. Empty elsewhere or
/// when nobody (else) holds it.
enum StateLockHolder {
    static let walWriteLockOffset = 120

    static func pids(database path: String, locks: String? = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) -> [Int32] {
        var info = stat()
        guard let locks, stat(path + "-shm", &info) == 0 else { return [] }
        let own = getpid()
        return locks.split(separator: "\n").compactMap { line -> Int32? in
            // "1: POSIX  ADVISORY  WRITE 4711 08:01:1234567 120 120"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 8, fields[3] == "WRITE", let pid = Int32(fields[4]), pid > 0, pid != own,
                  let inode = fields[5].split(separator: ":").last.flatMap({ UInt64($0) }), inode == UInt64(info.st_ino),
                  let start = Int(fields[6]) else { return nil }
            let end = fields[7] == "EOF" ? Int.max : Int(fields[7]) ?? -1
            return (start...max(start, end)).contains(walWriteLockOffset) ? pid : nil
        }
    }
}
