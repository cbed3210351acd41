extension NameRules {
    /// A name `git check-ref-format --branch` accepts (also used for remote names, which follow
    /// the same rules for the characters a plan may hold).
    public static func isGitBranch(_ text: String) -> Bool {
        guard !text.isEmpty, !text.hasPrefix("-"), !text.hasPrefix("/"), !text.hasSuffix("/"),
              !text.hasSuffix("."), !text.hasSuffix(".lock"), text != "@",
              !text.contains(".."), !text.contains("@{"), !text.contains("//") else { return false }
        let forbidden: Set<Character> = [" ", "~", "^", ":", "?", "*", "[", "\\"]
        if text.contains(where: { forbidden.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f } }) {
            return false
        }
        return !text.split(separator: "/").contains { $0.hasPrefix(".") }
    }
}
