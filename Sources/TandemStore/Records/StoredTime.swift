import Foundation
import GRDB

/// Times are stored as UTC text `yyyy-MM-dd HH:mm:ss.SSS` (sortable, readable with sqlite3, and what SQLite's
/// date functions accept), converted with integer arithmetic so a millisecond-precise `Date` round-trips exactly.
enum StoredTime {
    static func text(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, msOfDay) = (floorDiv(millis, 86_400_000), floorMod(millis, 86_400_000))
        let (y, m, d) = civil(fromDays: days)
        let s = msOfDay / 1000
        return String(format: "%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%03lld",
                      y, m, d, s / 3600, (s / 60) % 60, s % 60, msOfDay % 1000)
    }

    static func date(_ text: String) -> Date? {
        let digits = text.split(whereSeparator: { "-: .T".contains($0) }).map { Int64($0) }
        guard digits.count >= 6, digits.allSatisfy({ $0 != nil }) else { return nil }
        let v = digits.map { $0! }
        let millisPart = digits.count > 6 ? v[6] : 0
        let days = self.days(fromCivil: v[0], v[1], v[2])
        let millis = ((days * 86_400 + v[3] * 3600 + v[4] * 60 + v[5]) * 1000) + millisPart
        return Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    private static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }
}

/// The records of this module store times as `StoredTime` text.
public protocol StoredRecord: FetchableRecord, EncodableRecord {}

extension StoredRecord {
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { StoredTime.text($0) }
    }

    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom { value in String.fromDatabaseValue(value).flatMap(StoredTime.date) }
    }
}
