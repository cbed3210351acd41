import Foundation

/// What a resumed GitOps release needs to learn from the remote and to put the branch back.
extension GitRepository {
    /// Fetches `remote`/`branch` and returns the commit it points at; nil when the remote has no such branch yet.
    public func fetch(remote: String, branch: String) throws -> String? {
        let heads = try git.run(["ls-remote", "--heads", remote, "refs/heads/\(branch)"])
        guard !heads.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        try git.run(["fetch", "--quiet", remote, "refs/heads/\(branch)"])
        return try git.run(["rev-parse", "FETCH_HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether `ancestor` is `commit` or one of its ancestors.
    public func isAncestor(_ ancestor: String, of commit: String) throws -> Bool {
        try git.attempt(["merge-base", "--is-ancestor", ancestor, commit]).status == 0
    }

    /// Moves the current branch forward to `commit` (which must contain HEAD); the work tree follows.
    public func fastForward(to commit: String) throws {
        try git.run(["merge", "--ff-only", "--quiet", commit])
    }

    /// Moves the current branch back to `commit`, keeping uncommitted changes of files the commits
    /// in between did not touch (`git reset --keep`): undoes a commit that could not be pushed.
    public func resetKeeping(to commit: String) throws {
        try git.run(["reset", "--quiet", "--keep", commit])
    }

    /// Every commit in `range` (a ref, or `A..B`), oldest first.
    public func commits(on range: String) throws -> [String] {
        try git.run(["rev-list", "--reverse", range]).split(separator: "\n").map(String.init)
    }

    /// The parent of `commit`.
    public func parent(of commit: String) throws -> String {
        try git.run(["rev-parse", "\(commit)^"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension GitRepository {
    /// The values of trailer `key` on the commits in `range` that carry `trailer`, oldest first
    /// (e.g. the `Tandem-Wave` of each commit of one release on the remote branch).
    public func trailerValues(_ key: String, ofCommitsWith trailer: (key: String, value: String), on range: String) throws -> [String] {
        let format = "%(trailers:key=\(trailer.key),valueonly,separator=%x01)%x00%(trailers:key=\(key),valueonly,separator=%x01)%x02"
        let log = try git.run(["log", "--reverse", "--format=\(format)", range])
        return log.split(separator: "\u{02}").flatMap { record -> [String] in
            let parts = record.trimmingCharacters(in: .newlines).split(separator: "\0", omittingEmptySubsequences: false)
            guard parts.count == 2 else { return [] }
            let owners = parts[0].split(separator: "\u{01}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            guard owners.contains(trailer.value) else { return [] }
            return parts[1].split(separator: "\u{01}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        }
    }

    /// The paths (relative to the root) that `commit` changed against its first parent.
    public func changedFiles(in commit: String) throws -> [String] {
        try git.run(["diff-tree", "--no-commit-id", "--name-only", "-r", "--root", commit]).split(separator: "\n").map(String.init)
    }
}
