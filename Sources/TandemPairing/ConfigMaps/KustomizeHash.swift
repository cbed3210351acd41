import Crypto

/// The name suffix kustomize's `configMapGenerator` gives a ConfigMap, computed the same way
/// (kustomize `api/hasher`), so `kubectl kustomize` and tandem name the same data identically.
///
/// What kustomize hashes is the Go JSON encoding of a map with the keys `data`, `kind`,
/// `name` (and `binaryData` when the ConfigMap has that field), sorted. Two details are easy
/// to get wrong and are checked against `kubectl kustomize` v5.5 in the tests:
/// - `name` is always the empty string: kustomize looks the name up with the single path
///   segment `"metadata/name"`, which finds no field, so the name never reaches the hash.
///   Two generators with different names and equal data get the same suffix.
/// - `data` is the empty *string* (not `{}`) when the ConfigMap has no `data` field, which is
///   what a generator without entries produces; tandem treats empty data the same way.
/// The SHA-256 of those bytes, as lowercase hex, is cut to its first 10 characters and
/// `0 1 3 a e` are replaced by `g h k m t` (kubectl's rule for avoiding words in names).
public enum KustomizeHash {
    /// The suffix for a ConfigMap with this data (and binaryData, base64 values, if the
    /// ConfigMap has that field at all).
    public static func configMapSuffix(data: [String: String], binaryData: [String: String]? = nil) -> String {
        encode(hexDigest(of: configMapHashInput(data: data, binaryData: binaryData)))
    }

    /// The exact bytes kustomize hashes for such a ConfigMap.
    public static func configMapHashInput(data: [String: String], binaryData: [String: String]?) -> [UInt8] {
        var out: [UInt8] = []
        out.append(UInt8(ascii: "{"))
        if let binaryData {
            GoJSON.string("binaryData", into: &out)
            out.append(UInt8(ascii: ":"))
            GoJSON.stringMap(binaryData, into: &out)
            out.append(UInt8(ascii: ","))
        }
        GoJSON.string("data", into: &out)
        out.append(UInt8(ascii: ":"))
        if data.isEmpty {
            GoJSON.string("", into: &out)
        } else {
            GoJSON.stringMap(data, into: &out)
        }
        out.append(contentsOf: Array(#","kind":"ConfigMap","name":""}"#.utf8))
        return out
    }

    /// kubectl's `encode`: the first 10 hex characters with `0→g 1→h 3→k a→m e→t`.
    public static func encode(_ hex: String) -> String {
        String(hex.prefix(10).map { character -> Character in
            switch character {
            case "0": return "g"
            case "1": return "h"
            case "3": return "k"
            case "a": return "m"
            case "e": return "t"
            default: return character
            }
        })
    }

    static func hexDigest(of bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
