import Foundation

/// Which repository URLs mean "this work tree's repository": its own root, and the URL of the
/// remote tandem pushes to. Local paths and `file://` URLs are compared as real paths (symbolic
/// links and `..` resolved); other URLs as kustomize and Argo CD users write them, normalized
/// (scheme, user, `.git` and case of the host ignored: `git@host:org/repo.git` = `https://host/org/repo`).
struct GitRepositoryIdentity: Sendable, Equatable {
    /// The work tree's root, resolved.
    var root: String
    /// The pushed-to remote's URL as configured (nil with `remote: ""`).
    var remoteURL: String?

    /// The URLs an Application may name, for messages: the remote's when tandem pushes, else the root.
    var expected: String { remoteURL ?? root }

    func matches(_ repoURL: String) -> Bool {
        let candidate = Self.key(repoURL, relativeTo: root)
        if candidate == Self.key(root, relativeTo: root) { return true }
        guard let remoteURL else { return false }
        return candidate == Self.key(remoteURL, relativeTo: root)
    }

    /// A local path (absolute, relative to `base`, or `file://`) → its real path; any other URL → its normalized form.
    static func key(_ url: String, relativeTo base: String) -> String {
        if let path = localPath(url, relativeTo: base) {
            return "path:" + URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        }
        var text = url.lowercased()
        if let scheme = text.range(of: "://") { text = String(text[scheme.upperBound...]) }
        if let at = text.firstIndex(of: "@"), !text[..<at].contains("/") { text = String(text[text.index(after: at)...]) }
        // scp-like `host:org/repo` → `host/org/repo` (a port, `host:22/org`, is dropped alike).
        if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/") {
            var rest = text[text.index(after: colon)...]
            let port = rest.prefix { $0.isNumber }
            if !port.isEmpty, rest.dropFirst(port.count).hasPrefix("/") { rest = rest.dropFirst(port.count) }
            text = String(text[..<colon]) + "/" + rest.drop { $0 == "/" }
        }
        while text.hasSuffix("/") { text.removeLast() }
        if text.hasSuffix(".git") { text.removeLast(4) }
        return "url:" + text
    }

    private static func localPath(_ url: String, relativeTo base: String) -> String? {
        if url.hasPrefix("file://") { return URL(string: url)?.path ?? String(url.dropFirst("file://".count)) }
        if url.hasPrefix("/") { return url }
        if url.hasPrefix("./") || url.hasPrefix("../") || url == "." || url == ".." {
            return (base as NSString).appendingPathComponent(url)
        }
        return nil
    }
}
