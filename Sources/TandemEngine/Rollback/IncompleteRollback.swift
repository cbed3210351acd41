/// The message a release keeps when its rollback is incomplete (state `failed`), and the reason read
/// back from it when the rollback is retried: one home for the format.
enum IncompleteRollback {
    static let marker = "; rollback incomplete: "

    static func message(reason: String, failures: [String: String]) -> String {
        reason + marker + failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }

    /// Why the release rolled back in the first place (the whole message when it has no marker).
    static func reason(from message: String?) -> String {
        guard let message else { return "the release is rolling back" }
        guard let range = message.range(of: marker) else { return message }
        return String(message[..<range.lowerBound])
    }
}
