import Foundation
import TandemTestSupport
import Synchronization
import Testing
import TandemStore

/// Another process holding the state database's write lock (issue 11 item 7): readers answer,
/// writers say what they wait for.
@Suite("A write lock held by another process", .serialized)
struct HeldWriteLockTests {
    @Test("reading opens and lists releases while another process holds a write transaction")
    func readersIgnoreTheWriteLock() async throws {
        let path = Fixture.tempPath()
        let release = try await ReleaseStore.open(path: path).startRelease(Fixture.release())
        let holder = try SQLiteLockHolder(path: path)
        defer { holder.release() }
        let announced = Mutex<[String]>([])
        let reader = try ReleaseStore.openForReading(path: path, lockWait: StateLockWait(limit: 2, announceAfter: 0.5) { message in
            announced.withLock { $0.append(message) }
        })
        #expect(try await reader.releases().map(\.id) == [release.id])
        #expect(try await reader.statusView(release.id).release.id == release.id)
        #expect(announced.withLock { $0 }.isEmpty)
    }

    @Test("a writer blocked by the lock says what it waits for and who holds it, then gives up")
    func writersAnnounceTheWait() async throws {
        let path = Fixture.tempPath()
        let store = try ReleaseStore.open(path: path)
        let holder = try SQLiteLockHolder(path: path)
        defer { holder.release() }
        let announced = Mutex<[String]>([])
        let waiting = StateLockWait(limit: 2, announceAfter: 0.5) { message in announced.withLock { $0.append(message) } }
        await #expect(throws: (any Error).self) {
            let writer = try ReleaseStore.open(path: path, lockWait: waiting)
            _ = try await writer.startRelease(Fixture.release())
        }
        let messages = announced.withLock { $0 }
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("waiting for the state database lock held by another tandem process (pid \(holder.pid)) on \(path)") == true,
                "\(messages)")
        _ = store
    }
}
