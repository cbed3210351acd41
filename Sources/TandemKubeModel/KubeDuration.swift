/// Durations in the forms kubectl and Argo Rollouts accept: `200ms`, `5s`, `10m`, `1h`,
/// combinations such as `1h30m`, and a bare number meaning seconds.
public enum KubeDuration {
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        var total: Duration = .zero
        var number = ""
        var index = trimmed.startIndex
        var sawUnit = false
        while index < trimmed.endIndex {
            let c = trimmed[index]
            if c.isNumber || c == "." {
                number.append(c)
                index = trimmed.index(after: index)
                continue
            }
            var unit = ""
            while index < trimmed.endIndex, trimmed[index].isLetter || trimmed[index] == "µ" {
                unit.append(trimmed[index]); index = trimmed.index(after: index)
            }
            guard let value = Double(number) else { throw invalid(text) }
            let millis: Double
            switch unit {
            case "ns": millis = value / 1_000_000
            case "us", "µs": millis = value / 1000
            case "ms": millis = value
            case "s": millis = value * 1000
            case "m": millis = value * 60_000
            case "h": millis = value * 3_600_000
            default: throw invalid(text)
            }
            total += .microseconds(Int64(millis * 1000))
            number = ""
            sawUnit = true
        }
        guard sawUnit, number.isEmpty else { throw invalid(text) }
        return total
    }

    /// Formats as the shortest `1h2m3s`/`250ms` form.
    public static func format(_ duration: Duration) -> String {
        let ms = Int64(duration.components.seconds) * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms == 0 { return "0s" }
        if ms % 1000 != 0 && ms < 1000 { return "\(ms)ms" }
        var seconds = ms / 1000
        var out = ""
        if seconds >= 3600 { out += "\(seconds / 3600)h"; seconds %= 3600 }
        if seconds >= 60 { out += "\(seconds / 60)m"; seconds %= 60 }
        if seconds > 0 || out.isEmpty {
            let frac = ms % 1000
            // Like Go's Duration.String: no trailing zeros in the fraction (1.5s, not 1.500s).
            var fraction = String(format: "%03d", frac)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            out += frac == 0 ? "\(seconds)s" : "\(seconds).\(fraction)s"
        }
        return out
    }

    private static func invalid(_ text: String) -> ParseError {
        ParseError(description: "invalid duration \"\(text)\": use forms like 200ms, 5s, 10m, 1h or 1h30m")
    }
}

import Foundation
