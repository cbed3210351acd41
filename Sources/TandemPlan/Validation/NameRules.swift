/// Kubernetes naming rules used by plan validation.
public enum NameRules {
    /// DNS-1123 label: 1–63 of a–z, 0–9 and '-', starting and ending with a letter or digit.
    public static func isDNSLabel(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isDNSLabel($0[...]) }
    }

    /// DNS-1123 subdomain (object names such as Rollouts and ConfigMaps): dot-separated labels, ≤ 253.
    public static func isDNSSubdomain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= 253 else { return false }
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ".") {
                if !isDNSLabel(bytes[start..<index]) { return false }
                start = index + 1
            }
            return true
        }
    }

    private static func isDNSLabel(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard (1...63).contains(bytes.count), isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// A ConfigMap key: 1–253 of letters, digits, '-', '_' and '.'.
    public static func isConfigMapKey(_ text: String) -> Bool {
        (1...253).contains(text.utf8.count) && text.utf8.allSatisfy {
            isAlphanumeric($0) || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z"))
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// An image repository such as `docker.io/org/app` or `localhost:5000/app`: no tag, no digest.
    public static func imageProblem(_ image: String) -> String? {
        let bytes = Array(image.utf8)
        if bytes.contains(UInt8(ascii: "@")) { return "contains a digest" }
        let slash = UInt8(ascii: "/")
        let lastComponent = bytes.lastIndex(of: slash).map { bytes[($0 + 1)...] } ?? bytes[...]
        if lastComponent.contains(UInt8(ascii: ":")) { return "contains a tag" }
        let allowed = bytes.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || [UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), slash].contains(byte)
        }
        if !allowed || bytes.first == slash || bytes.last == slash || zip(bytes, bytes.dropFirst()).contains(where: { $0 == slash && $1 == slash }) {
            return "is not a valid repository name"
        }
        return nil
    }

    /// An approver: a user name, or `group:<name>`.
    public static func isApprover(_ text: String) -> Bool {
        let name = text.hasPrefix("group:") ? String(text.dropFirst(6)) : text
        return !name.isEmpty && !name.contains(where: { $0.isWhitespace || $0 == ":" })
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }
}
