import Foundation
import Testing
import TandemStore

@Suite("Release ids")
struct ReleaseIDTests {
    @Test("ids carry the UTC start time and sort by it")
    func format() {
        let date = Date(timeIntervalSince1970: 1_795_309_323)  // 2026-11-22T01:02:03Z
        #expect(ReleaseID.make(at: date, suffix: "ab12") == "r-20261122-010203-ab12")
        #expect(ReleaseID.make(at: date, suffix: "ffff") < ReleaseID.make(at: date.addingTimeInterval(1), suffix: "0000"))
        #expect(ReleaseID.isWellFormed("r-20261122-010203-ab12"))
        #expect(!ReleaseID.isWellFormed("20261122"))
    }

    @Test("a colliding random suffix is drawn again")
    func collision() async throws {
        let suffixes = Mutex2(["aaaa", "aaaa", "bbbb"])
        let clock = ManualClock()
        let store = try ReleaseStore.inMemory(now: clock.function, idSuffix: { suffixes.next() })
        let first = try await store.startRelease(Fixture.release())
        try await store.setReleaseState(first.id, to: .failed)
        let second = try await store.startRelease(Fixture.release())
        #expect(first.id.hasSuffix("-aaaa"))
        #expect(second.id.hasSuffix("-bbbb"))
    }
}

import Synchronization
final class Mutex2: Sendable {
    private let values: Mutex<[String]>
    init(_ values: [String]) { self.values = Mutex(values) }
    func next() -> String { values.withLock { $0.removeFirst() } }
}
