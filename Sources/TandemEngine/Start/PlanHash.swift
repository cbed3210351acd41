import Crypto

/// The plan hash a release and its approvals are bound to: SHA-256 of the plan file's bytes, hex.
public enum PlanHash {
    public static func of(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
