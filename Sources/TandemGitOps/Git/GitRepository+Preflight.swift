import Foundation

/// What the GitOps preflight asks the work tree before a release changes anything.
extension GitRepository {
    /// Whether the local branch `name` exists.
    public func hasLocalBranch(_ name: String) throws -> Bool {
        try git.attempt(["rev-parse", "--verify", "--quiet", "refs/heads/\(name)"]).status == 0
    }

    /// The branch `remote`'s HEAD points at (its default branch, what a `targetRevision` of `HEAD`
    /// follows); nil when it does not say (`git ls-remote --symref`).
    public func remoteDefaultBranch(_ remote: String) throws -> String? {
        for line in try git.run(["ls-remote", "--symref", remote, "HEAD"]).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, fields[1] == "HEAD", fields[0].hasPrefix("ref: refs/heads/") else { continue }
            return String(fields[0].dropFirst("ref: refs/heads/".count))
        }
        return nil
    }

    /// The branches `remote` has (`git ls-remote --heads`); throws with git's words when it cannot be reached.
    public func remoteBranches(_ remote: String) throws -> [String] {
        try git.run(["ls-remote", "--heads", remote]).split(separator: "\n").compactMap { line in
            guard let ref = line.split(separator: "\t").last, ref.hasPrefix("refs/heads/") else { return nil }
            return String(ref.dropFirst("refs/heads/".count))
        }
    }
}
