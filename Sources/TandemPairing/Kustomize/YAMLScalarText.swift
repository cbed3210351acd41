import Foundation

/// One scalar as it is written on a line: where it stands, how it is quoted, and its value, so
/// that a new value can be written in the same style and the rest of the line (a comment) kept.
struct YAMLScalarText: Equatable {
    /// `"` or `'`, or nil for a plain scalar.
    var quote: Character?
    /// The value, quotes removed and escapes resolved.
    var value: String
    /// Where the scalar's text (with its quotes) stands in the line.
    var range: Range<Substring.Index>

    /// The scalar at the start of `text` (after spaces); nil when there is none (an empty value,
    /// a block or flow collection, a block scalar indicator).
    init?(after text: Substring) {
        guard let start = text.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return nil }
        let first = text[start]
        if first == "\"" || first == "'" {
            var value = ""
            var index = text.index(after: start)
            while index < text.endIndex {
                let char = text[index]
                if char == first {
                    let next = text.index(after: index)
                    if first == "'", next < text.endIndex, text[next] == "'" {
                        value.append("'")
                        index = text.index(after: next)
                        continue
                    }
                    self.quote = first
                    self.value = value
                    self.range = start..<next
                    return
                }
                if first == "\"", char == "\\" {
                    let next = text.index(after: index)
                    guard next < text.endIndex else { return nil }
                    switch text[next] {
                    case "n": value.append("\n")
                    case "t": value.append("\t")
                    default: value.append(text[next])
                    }
                    index = text.index(after: next)
                    continue
                }
                value.append(char)
                index = text.index(after: index)
            }
            return nil  // unterminated, or continued on the next line: not edited in place
        }
        if "[{|>&*!#".contains(first) { return nil }
        var end = text.endIndex
        var index = start
        while index < text.endIndex {
            if text[index] == "#", index > start, text[text.index(before: index)] == " " || text[text.index(before: index)] == "\t" {
                end = index
                break
            }
            index = text.index(after: index)
        }
        while end > start, text[text.index(before: end)] == " " || text[text.index(before: end)] == "\t" {
            end = text.index(before: end)
        }
        quote = nil
        value = String(text[start..<end])
        range = start..<end
    }

    /// `value` written in this scalar's style: the same quotes, or plain when plain is safe
    /// (otherwise double quotes).
    func rendering(_ value: String) -> String {
        switch quote {
        case "'": return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case "\"": return Self.doubleQuoted(value)
        default: return Self.isSafePlain(value) ? value : Self.doubleQuoted(value)
        }
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for char in value {
            switch char {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(char)
            }
        }
        return out + "\""
    }

    /// A plain scalar that YAML reads back as this exact string.
    static func isSafePlain(_ value: String) -> Bool {
        guard let first = value.first, let last = value.last, first != " ", last != " " else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".contains(first) { return false }
        if value.contains(": ") || value.contains(" #") || value.hasSuffix(":") { return false }
        if value.contains(where: { $0.isNewline || $0 == "\t" }) { return false }
        // Values YAML would read as something other than a string (numbers, booleans, null).
        let lowered = value.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lowered) { return false }
        if Double(value) != nil { return false }
        return true
    }
}

