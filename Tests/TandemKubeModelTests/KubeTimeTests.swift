import Foundation
import Testing
import TandemKubeModel

@Suite("KubeTime")
struct KubeTimeTests {
    /// The formatter KubeTime avoids on its hot path, used here as the independent oracle.
    static func oracle(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    @Test("formats like ISO8601DateFormatter in UTC and parses its own output back",
          arguments: [0.0, 951_782_400, 1_700_000_000, 1_800_000_000.75, 4_102_444_799])
    func formatMatchesOracle(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(KubeTime.format(date) == Self.oracle(date))
        #expect(KubeTime.parse(KubeTime.format(date)) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("parses fractions, offsets through the fallback, and refuses garbage")
    func parseForms() {
        #expect(KubeTime.format(Date(timeIntervalSince1970: 1_700_000_000)) == "2023-11-14T22:13:20Z")
        #expect(KubeTime.parse("2023-11-14T22:13:20.5Z")?.timeIntervalSince1970 == 1_700_000_000.5)
        #expect(KubeTime.parse("2023-11-14T23:13:20+01:00")?.timeIntervalSince1970 == 1_700_000_000)
        #expect(KubeTime.parse("not a time") == nil)
        #expect(KubeTime.parse("2023-11-14T22:13:2xZ") == nil)
    }
}
