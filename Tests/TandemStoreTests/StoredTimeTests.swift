import Foundation
import GRDB
import Testing
@testable import TandemStore

@Suite("StoredTime")
struct StoredTimeFormatTests {
    @Test("times are stored as sortable UTC text with milliseconds", arguments: [
        (1_795_309_323.0, "2026-11-22 01:02:03.000"),
        (1_795_309_323.25, "2026-11-22 01:02:03.250"),
        (0.0, "1970-01-01 00:00:00.000"),
        (-0.5, "1969-12-31 23:59:59.500"),
        (951_782_400.0, "2000-02-29 00:00:00.000"),
    ])
    func format(_ seconds: Double, _ text: String) {
        #expect(StoredTime.text(Date(timeIntervalSince1970: seconds)) == text)
        #expect(StoredTime.date(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test("any millisecond-precise time round-trips exactly and text order is time order")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        var previous: (Date, String)?
        for _ in 0..<2000 {
            let millis = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let date = ReleaseStore.milliseconds(Date(timeIntervalSince1970: Double(millis) / 1000 + 0.0004))
            let text = StoredTime.text(date)
            #expect(StoredTime.date(text) == date)
            if let (d, t) = previous { #expect((d < date) == (t < text)) }
            previous = (date, text)
        }
    }

    @Test("the database holds the text form")
    func inDatabase() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_309_323.25))
        let store = try ReleaseStore.inMemory(now: clock.function)
        try await store.startRelease(Fixture.release())
        let text = try await store.writer.read { db in try String.fetchOne(db, sql: "SELECT createdAt FROM releases") }
        #expect(text == "2026-11-22 01:02:03.250")
    }
}
