/// The bytes Go's `encoding/json` (`json.Marshal`, HTML escaping on) produces for the few
/// shapes kustomize hashes: strings and string maps. Kept byte-exact because the hash of
/// those bytes names ConfigMaps that `kubectl kustomize` must agree with.
enum GoJSON {
    /// A string literal: `"` and `\` escaped; `\b \f \n \r \t` as short escapes (Go ≥ 1.22);
    /// other control characters and `<`, `>`, `&` as `\u00xx`; U+2028/U+2029 as `\u2028`/`\u2029`;
    /// everything else as raw UTF-8.
    static func string(_ value: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append(contentsOf: Array("\\\"".utf8))
            case "\\": out.append(contentsOf: Array("\\\\".utf8))
            case "\u{08}": out.append(contentsOf: Array("\\b".utf8))
            case "\u{0C}": out.append(contentsOf: Array("\\f".utf8))
            case "\n": out.append(contentsOf: Array("\\n".utf8))
            case "\r": out.append(contentsOf: Array("\\r".utf8))
            case "\t": out.append(contentsOf: Array("\\t".utf8))
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                unicodeEscape(scalar.value, into: &out)
            default:
                if scalar.value < 0x20 {
                    unicodeEscape(scalar.value, into: &out)
                } else {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// An object of strings with keys sorted by their UTF-8 bytes, as Go sorts map keys.
    static func stringMap(_ map: [String: String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, key) in sortedKeys(map.keys).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            string(key, into: &out)
            out.append(UInt8(ascii: ":"))
            string(map[key]!, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Keys in Go's order: byte-wise comparison of their UTF-8 encodings.
    static func sortedKeys(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    private static func unicodeEscape(_ value: UInt32, into out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: Array("\\u".utf8))
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
