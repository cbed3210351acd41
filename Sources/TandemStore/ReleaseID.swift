import Foundation

/// Release ids: `r-YYYYMMDD-HHMMSS-xxxx` (UTC time, 4 random hex digits) — readable, sortable by start time, unique.
public enum ReleaseID {
    public static func make(at date: Date, suffix: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "r-\(String(format: "%04d", c.year ?? 0))\(two(c.month))\(two(c.day))-\(two(c.hour))\(two(c.minute))\(two(c.second))-\(suffix)"
    }

    public static func randomSuffix() -> String {
        String(format: "%04x", UInt16.random(in: .min ... .max))
    }

    /// Whether `text` looks like a release id (for friendlier errors).
    public static func isWellFormed(_ text: String) -> Bool {
        text.range(of: #"^r-\d{8}-\d{6}-[0-9a-f]{4,}$"#, options: .regularExpression) != nil
    }
}
