import Foundation
import Testing
@testable import TandemKubeModel

/// The hand-written parser must read every document exactly as Foundation's JSONDecoder did.
@Suite("JSON parser")
struct JSONParserTests {
    static func decoded(_ text: String) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    @Test("agrees with JSONDecoder on hand-picked documents", arguments: [
        #"{"a": 1, "b": [true, false, null], "c": {"d": "e"}}"#,
        #"[1, -2, 3.5, -0.25, 1e3, 2E-2, 1.0, 0, -0, 12345678901234567890, 9223372036854775807]"#,
        #""plain""#, #""esc \" \\ \/ \b \f \n \r \t""#, #""\u00e9\u4e2d\ud83d\ude00""#, #""naïve 中文 😀""#,
        #"  {"nested": [[[[{"x": []}]]]], "empty": {}}  "#, "null", "true", "-1.5e+2",
        #"{"metadata":{"name":"web","labels":{"app":"web"},"resourceVersion":"42"},"spec":{"replicas":2}}"#,
    ])
    func agrees(text: String) throws {
        #expect(try JSON.parse(text) == (try Self.decoded(text)))
    }

    @Test("round-trips random documents through serialization", arguments: 0..<20)
    func roundTrip(seed: Int) throws {
        var rng = Lehmer(seed: UInt64(seed) + 1)
        let value = Self.random(depth: 0, rng: &rng)
        let text = value.serializedString()
        #expect(try JSON.parse(text) == value)
        #expect(try JSON.parse(text) == (try Self.decoded(text)))
    }

    @Test("refuses malformed text with the reason and where", arguments: [
        ("{", "expected a member name"), ("[", "unexpected end of input"), (#"{"a" 1}"#, "expected ':'"), ("[1,]", "unexpected character"),
        ("01", "unexpected text after"), (#""abc"#, "unterminated string"), (#""\x""#, "invalid escape"),
        (#""\ud800""#, "unpaired surrogate"), ("tru", "unexpected end of input"), ("1.", "digits expected"),
        ("[1] x", "unexpected text after"), ("\"a\u{01}\"", "control character"),
    ])
    func refuses(text: String, reason: String) {
        #expect {
            _ = try JSON.parse(text)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("at byte")
        }
    }

    @Test("refuses nesting deeper than the limit instead of overflowing the stack")
    func depthLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSON.parse(fine)) != nil)
    }

    @Test("refuses invalid UTF-8")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSON.parse(Data([0x22, 0xFF, 0xFE, 0x22])) }
    }

    private struct Lehmer {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    private static func random(depth: Int, rng: inout Lehmer) -> JSON {
        let kind = depth > 4 ? rng.next(5) : rng.next(7)
        switch kind {
        case 0: return .null
        case 1: return .bool(rng.next(2) == 0)
        case 2: return .int(rng.next(2_000_000) - 1_000_000)
        case 3: return .double(Double(rng.next(100_000)) / 7.0 + 0.5)
        case 4:
            let alphabet = Array("aZ9 _-\"\\/\n\té中😀\u{1}")
            return .string(String((0..<rng.next(12)).map { _ in alphabet[rng.next(alphabet.count)] }))
        case 5: return .array((0..<rng.next(5)).map { _ in random(depth: depth + 1, rng: &rng) })
        default:
            var members: [String: JSON] = [:]
            for i in 0..<rng.next(5) { members["k\(i)\(rng.next(100))"] = random(depth: depth + 1, rng: &rng) }
            return .object(members)
        }
    }
}
