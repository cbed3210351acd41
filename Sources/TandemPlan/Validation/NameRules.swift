/// Kubernetes naming rules used by plan validation.
public enum NameRules {
    /// DNS-1123 label: 1–63 of a–z, 0–9 and '-', starting and ending with a letter or digit.
    public static func isDNSLabel(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...63).contains(bytes.count), isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// DNS-1123 subdomain (object names such as Rollouts and ConfigMaps): dot-separated labels, ≤ 253.
    public static func isDNSSubdomain(_ text: String) -> Bool {
        text.utf8.count <= 253 && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
            isDNSLabel(String($0))
        }
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
        if image.contains("@") { return "contains a digest" }
        if image.contains(where: { $0.isWhitespace || $0.isUppercase }) { return "is not a valid repository name" }
        let lastComponent = image.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        if lastComponent.contains(":") { return "contains a tag" }
        if image.hasPrefix("/") || image.hasSuffix("/") || image.contains("//") { return "is not a valid repository name" }
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
