/// A single pass over the raw text that refuses hostile YAML before it is composed:
/// nesting deeper than `maxDepth` (depth bombs) and more than `maxAliases` aliases, or aliases
/// used as keys (alias-expansion bombs). Linear in the text; conservative rather than exact.
struct YAMLGuard {
    static let maxDepth = 64
    static let maxAliases = 64

    enum Problem: Equatable {
        case tooDeep(SourcePosition)
        case tooManyAliases(SourcePosition)
        case aliasAsKey(SourcePosition)
        case explicitKey(SourcePosition)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var indents: [Int] = []
    private var flowDepth = 0
    private var aliases = 0
    /// Indentation of the line that opened a block scalar (`|` or `>`), while inside one.
    private var blockScalarIndent: Int?
    /// The quote character of a quoted scalar that continues onto the next line.
    private var openQuote: UInt8?

    static func scan(_ text: String) -> Problem? {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = YAMLGuard(bytes: bytes)
            return scanner.run()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private var position: SourcePosition { SourcePosition(line: line, column: index - lineStart + 1) }

    private mutating func run() -> Problem? {
        while index < bytes.count {
            if let problem = scanLine() { return problem }
        }
        return nil
    }

    /// Scans from `index` (a line start) to the start of the next line.
    private mutating func scanLine() -> Problem? {
        lineStart = index
        var indent = 0
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") {
            index += 1
            indent += 1
        }
        let blank = index >= bytes.count || bytes[index] == 10 || bytes[index] == 13 || bytes[index] == UInt8(ascii: "#")
        if let scalarIndent = blockScalarIndent {
            if blank || indent > scalarIndent { return skipToNextLine() }
            blockScalarIndent = nil
        }
        if openQuote == nil, flowDepth == 0, !blank {
            while let last = indents.last, last >= indent { indents.removeLast() }
            indents.append(indent)
            // Compact nested sequences (`- - - x`) open one level per dash.
            while index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-"), isSpace(bytes[index + 1]) {
                index += 2
                indents.append(index - lineStart)
                if let problem = checkDepth() { return problem }
            }
            if let problem = checkDepth() { return problem }
        }
        return scanContent(lineIndent: indent)
    }

    private mutating func scanContent(lineIndent: Int) -> Problem? {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 { break }
            if let quote = openQuote {
                // An escape skips the escaped byte, but never the line break (lines stay counted).
                if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), index + 1 < bytes.count, bytes[index + 1] != 10 {
                    index += 2
                    continue
                }
                if byte == quote {
                    if quote == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == quote {
                        index += 2
                        continue
                    }
                    openQuote = nil
                }
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "#") where index == lineStart || isSpace(bytes[index - 1]):
                return skipToNextLine()
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if isValueStart() { openQuote = byte }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if isValueStart() {
                    flowDepth += 1
                    if let problem = checkDepth() { return problem }
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if flowDepth > 0 { flowDepth -= 1 }
            case UInt8(ascii: "*"):
                // Only an alias consumes its bytes; a `*` inside a plain scalar (`/health/*`,
                // `ver*ify:`) is an ordinary character and must advance like one.
                if isValueStart() {
                    if let problem = scanAlias() { return problem }
                    continue
                }
            case UInt8(ascii: "?"):
                if isValueStart(), index + 1 >= bytes.count || isSpace(bytes[index + 1]) || bytes[index + 1] == 10 {
                    return .explicitKey(position)
                }
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                if flowDepth == 0, isValueStart(), restIsBlockScalarHeader() {
                    blockScalarIndent = lineIndent
                    return skipToNextLine()
                }
            default:
                break
            }
            index += 1
        }
        return skipToNextLine()
    }

    private mutating func scanAlias() -> Problem? {
        let start = position
        aliases += 1
        if aliases > Self.maxAliases { return .tooManyAliases(start) }
        index += 1
        while index < bytes.count, !isSpace(bytes[index]), bytes[index] != 10, !isFlowIndicator(bytes[index]) {
            index += 1
        }
        var look = index
        while look < bytes.count, isSpace(bytes[look]) { look += 1 }
        if look < bytes.count, bytes[look] == UInt8(ascii: ":") { return .aliasAsKey(start) }
        return nil
    }

    private func checkDepth() -> Problem? {
        indents.count + flowDepth > Self.maxDepth ? .tooDeep(position) : nil
    }

    /// True when the previous non-space character on the line opens a value.
    private func isValueStart() -> Bool {
        var look = index - 1
        while look >= lineStart, isSpace(bytes[look]) { look -= 1 }
        if look < lineStart { return true }
        switch bytes[look] {
        case UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "["), UInt8(ascii: "{"),
             UInt8(ascii: ","), UInt8(ascii: "?"):
            return look == index - 1 ? bytes[look] != UInt8(ascii: ":") && bytes[look] != UInt8(ascii: "-") : true
        default:
            return false
        }
    }

    private func restIsBlockScalarHeader() -> Bool {
        var look = index + 1
        while look < bytes.count, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-")
            || (bytes[look] >= UInt8(ascii: "0") && bytes[look] <= UInt8(ascii: "9")) {
            look += 1
        }
        while look < bytes.count, isSpace(bytes[look]) { look += 1 }
        return look >= bytes.count || bytes[look] == 10 || bytes[look] == 13 || bytes[look] == UInt8(ascii: "#")
    }

    private mutating func skipToNextLine() -> Problem? {
        while index < bytes.count, bytes[index] != 10 { index += 1 }
        if index < bytes.count {
            index += 1
            line += 1
        }
        return nil
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 }
    private func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")
    }
}
