import Foundation

/// What the GitOps preflight asks the work tree before a release changes anything.
extension GitRepository {
    /// Whether the local branch `name` exists.
    public func hasLocalBranch(_ name: String) throws -> Bool {
        try git.attempt(["rev-parse", "--verify", "--quiet", "refs/heads/\(name)"]).status == 0
    }

    /// The branches `remote` has (`git ls-remote --heads`); throws with git's words when it cannot be reached.
    public func remoteBranches(_ remote: String) throws -> [String] {
        try git.run(["ls-remote", "--heads", remote]).split(separator: "\n").compactMap { line in
            guard let ref = line.split(separator: "\t").last, ref.hasPrefix("refs/heads/") else { return nil }
            return String(ref.dropFirst("refs/heads/".count))
        }
    }
}
