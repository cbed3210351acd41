/// A YAML file as lines, for edits that must leave every other byte alone: block navigation by
/// indentation (keys, sequence items) without composing the document. Handles the block style
/// kustomizations are written in; a flow collection where an edit must happen is reported, not
/// rewritten.
struct YAMLLines {
    /// Each line without its `\n`; a `\r` of a CRLF file stays part of the line.
    private(set) var lines: [String]
    private let endsWithNewline: Bool

    init(_ text: String) {
        // Split on the byte: Swift's Character treats "\r\n" as one, so splitting characters on
        // "\n" would miss every CRLF line end.
        var parts = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        endsWithNewline = text.unicodeScalars.last == "\n"
        if endsWithNewline { parts.removeLast() }
        lines = parts
    }

    mutating func replaceLine(_ index: Int, with content: String) {
        lines[index] = content + (lines[index].unicodeScalars.last == "\r" ? "\r" : "")
    }

    /// Inserts `content` as a new line after line `index` (-1: first), with the file's line end.
    /// Appended to a file without a final newline, the new line becomes the last line without one.
    mutating func insertLine(_ content: String, after index: Int) {
        if index == lines.count - 1, !endsWithNewline, !lines.isEmpty {
            lines[index] += lineEnd
            lines.append(content)
        } else {
            lines.insert(content + lineEnd, at: index + 1)
        }
    }

    mutating func removeLine(_ index: Int) {
        lines.remove(at: index)
    }

    var text: String { lines.joined(separator: "\n") + (endsWithNewline || lines.isEmpty ? "\n" : "") }

    /// Whether the file uses CRLF line ends (new lines are written the same way).
    var lineEnd: String { lines.first?.unicodeScalars.last == "\r" ? "\r" : "" }

    /// The line's content without a trailing `\r`.
    func content(_ index: Int) -> Substring {
        let line = lines[index]
        return line.unicodeScalars.last == "\r" ? Substring(line.unicodeScalars.dropLast()) : Substring(line)
    }

    func indent(_ index: Int) -> Int { content(index).prefix { $0 == " " }.count }

    /// Blank lines and comment-only lines carry no structure.
    func isStructural(_ index: Int) -> Bool {
        let trimmed = content(index).drop { $0 == " " || $0 == "\t" }
        return !trimmed.isEmpty && !trimmed.hasPrefix("#")
    }

    /// The line of `key:` at exactly `indent` inside `range` (only lines at that indent count, so a
    /// nested key of the same name is not taken for it), with the text after the colon.
    func key(_ key: String, indent: Int, in range: Range<Int>) -> (line: Int, rest: Substring)? {
        for index in range where isStructural(index) && self.indent(index) == indent {
            var text = content(index).dropFirst(indent)
            if text.hasPrefix("- ") { continue }
            guard let name = Self.keyName(&text), name == key else { continue }
            return (index, text)
        }
        return nil
    }

    /// The lines that belong to the value of the key on `line` (its block): every following line
    /// until a structural line that is indented no deeper than the key; a sequence may sit at the
    /// key's own indent (`images:` then `- name: …`).
    func block(of line: Int) -> Range<Int> {
        let keyIndent = indent(line)
        var end = line + 1
        var index = line + 1
        while index < lines.count {
            if isStructural(index) {
                let here = indent(index)
                let isItemAtKeyIndent = here == keyIndent && content(index).dropFirst(here).hasPrefix("-")
                if here < keyIndent || (here == keyIndent && !isItemAtKeyIndent) { break }
                end = index + 1
            }
            index += 1
        }
        return (line + 1)..<end
    }

    /// The items of the block sequence in `range`: for each, the line of its `-`, the column its
    /// first key starts at, and its lines.
    func items(in range: Range<Int>) -> [(dash: Int, keyColumn: Int, lines: Range<Int>)] {
        guard let first = range.first(where: isStructural) else { return [] }
        let dashIndent = indent(first)
        var starts: [Int] = []
        for index in range where isStructural(index) && indent(index) == dashIndent {
            if content(index).dropFirst(dashIndent).hasPrefix("-") { starts.append(index) }
        }
        return starts.enumerated().map { position, start in
            let end = position + 1 < starts.count ? starts[position + 1] : range.upperBound
            let afterDash = content(start).dropFirst(dashIndent + 1).prefix { $0 == " " }.count
            return (start, dashIndent + 1 + afterDash, start..<end)
        }
    }

    /// The scalar after `key:` in an item, whether on the dash line (`- name: x`) or below it.
    func itemValue(_ key: String, item: (dash: Int, keyColumn: Int, lines: Range<Int>)) -> (line: Int, value: YAMLScalarText)? {
        for index in item.lines where isStructural(index) {
            let column = index == item.dash ? item.keyColumn : indent(index)
            guard column == item.keyColumn else { continue }
            var text = content(index).dropFirst(column)
            guard let name = Self.keyName(&text), name == key else { continue }
            return YAMLScalarText(after: text).map { (index, $0) }
        }
        return nil
    }

    /// Reads `name:` from the front of `text` and leaves what follows the colon.
    static func keyName(_ text: inout Substring) -> String? {
        var scalarText = text
        if let quoted = YAMLScalarText(after: text), quoted.quote != nil {
            // A quoted key: `"name": value`.
            scalarText = text[quoted.range.upperBound...]
            guard scalarText.hasPrefix(":") else { return nil }
            text = scalarText.dropFirst()
            return quoted.value
        }
        guard let colon = text.firstIndex(where: { $0 == ":" }),
              text[text.index(after: colon)...].first.map({ $0 == " " || $0 == "\t" }) ?? true else { return nil }
        let name = String(text[..<colon]).trimmingSpaces
        text = text[text.index(after: colon)...]
        return name.isEmpty || name.contains(" #") ? nil : name
    }
}

extension String {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
