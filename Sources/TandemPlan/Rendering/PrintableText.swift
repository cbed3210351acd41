/// Text from plans or arguments made safe to print on a terminal: control characters (CR, LF,
/// tab, escape, DEL and the C1 range) are written as escapes, so a value cannot break a line,
/// rewrite what was printed before it, or send terminal control sequences.
public enum PrintableText {
    /// `text` with control characters escaped (`\n`, `\r`, `\t`, `\\`, otherwise `\u{1B}`).
    public static func escaped(_ text: String) -> String {
        escaped(text, quote: nil)
    }

    /// `text` escaped and in double quotes (a `"` inside is escaped too).
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text, quote: "\"") + "\""
    }

    private static func escaped(_ text: String, quote: Unicode.Scalar?) -> String {
        // A backslash is escaped only when something else is, so ordinary values print as written.
        guard text.unicodeScalars.contains(where: { isControl($0) || $0 == quote }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case _ where scalar == quote: result += "\\" + String(scalar)
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\\": result += "\\\\"
            case _ where isControl(scalar): result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
