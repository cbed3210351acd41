import Foundation

/// The real `git` binary for the tests' repositories (bare remotes, work trees, other people's
/// clones): runs one command in a repository and returns its standard output, or throws with
/// what git said.
public enum GitTool {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// `git -C repository ARGS…`.
    @discardableResult
    public static func run(_ repository: String, _ arguments: [String]) throws -> String {
        do {
            return try ProcessRunner.tool(["git", "-C", repository] + arguments)
        } catch let failure as ProcessRunner.ToolFailed {
            throw Failed(description: "git \(arguments.joined(separator: " ")) in \(repository): \(failure.result.stderr)")
        }
    }

    /// A new repository at `path` on branch `branch` (`bare` for a remote), with a committer identity.
    public static func initialize(_ path: String, branch: String = "main", bare: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try run(path, ["init", "-q", "-b", branch] + (bare ? ["--bare"] : []))
        if !bare { try identify(path) }
    }

    /// A clone of `remote` at `path`, with a committer identity.
    public static func clone(_ remote: String, to path: String) throws {
        try ProcessRunner.tool(["git", "clone", "-q", remote, path])
        try identify(path)
    }

    /// Writes `files` (path relative to the work tree → text), commits every change with `message`
    /// and returns the new commit.
    @discardableResult
    public static func commit(_ repository: String, _ files: [String: String], message: String) throws -> String {
        for (path, text) in files {
            let url = URL(fileURLWithPath: repository).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try run(repository, ["add", "-A"])
        try run(repository, ["commit", "-q", "-m", message])
        return try head(repository)
    }

    public static func head(_ repository: String, _ ref: String = "HEAD") throws -> String {
        try run(repository, ["rev-parse", ref]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func identify(_ path: String) throws {
        try run(path, ["config", "user.email", "test@tandem.invalid"])
        try run(path, ["config", "user.name", "tandem test"])
    }
}

/// The manifest of an Argo CD Application (argoproj.io/v1alpha1) as the tests apply it with kubectl.
public enum ArgoCDApplicationManifest {
    /// `automated`: the flow map of `syncPolicy.automated` (`{selfHeal: true}`), nil for manual sync only.
    public static func yaml(name: String, repoURL: String, path: String, destinationNamespace: String,
                            targetRevision: String = "main", namespace: String = "argocd", automated: String? = nil) -> String {
        var text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          project: default
          source:
            repoURL: \(repoURL)
            path: \(path)
            targetRevision: \(targetRevision)
          destination:
            server: https://kubernetes.default.svc
            namespace: \(destinationNamespace)

        """
        if let automated { text += "  syncPolicy:\n    automated: \(automated)\n" }
        return text
    }
}
