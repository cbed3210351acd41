/// The OCI distribution grammar for tags, `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`: the one check
/// for release versions and per-service tags, used by the CLI and by the server's submissions,
/// so both refuse the same values (a tag becomes part of an image reference written to the cluster).
public enum ImageTag {
    public static let maxLength = 128
    /// What a valid tag looks like, for hints.
    public static let rule = "an image tag is 1 to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-' (e.g. 2.0.1)"

    /// Why `tag` is not a valid image tag, quoting it escaped for printing; nil when it is valid.
    public static func problem(_ tag: String) -> String? {
        let quoted = PrintableText.quoted(tag)
        guard let first = tag.unicodeScalars.first else { return "\"\" is not a valid image tag (it is empty)" }
        if let bad = tag.unicodeScalars.first(where: { !isTagCharacter($0) }) {
            return "\(quoted) is not a valid image tag (it contains \(PrintableText.quoted(String(bad))))"
        }
        if first == "." || first == "-" {
            return "\(quoted) is not a valid image tag (it starts with \"\(first)\")"
        }
        if tag.utf8.count > maxLength {
            return "\(quoted) is not a valid image tag (it is \(tag.utf8.count) characters long, at most \(maxLength))"
        }
        return nil
    }

    private static func isTagCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": true
        default: false
        }
    }
}
