import Foundation

/// The git work tree that holds a plan's manifests, driven through the real `git` binary: what
/// GitOps mode needs before it changes anything (clean files, the branch, a reachable remote), and
/// the commits it makes (one per deploy wave, with a `Tandem-Release` trailer), pushed without
/// ever leaving the remote half-updated.
public struct GitRepository: Sendable {
    /// The root of the work tree.
    public let root: String
    let git: GitRunner

    /// The repository whose work tree contains `path` (a file or a directory).
    public init(containing path: String, timeoutSeconds: Int = 120) throws {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let directory = exists && !isDirectory.boolValue ? (path as NSString).deletingLastPathComponent : path
        let probe = GitRunner(directory: directory.isEmpty ? "." : directory, timeoutSeconds: timeoutSeconds)
        guard exists, let top = try? probe.run(["rev-parse", "--show-toplevel"]) else {
            throw GitError.notARepository(path: path)
        }
        root = top.trimmingCharacters(in: .whitespacesAndNewlines)
        git = GitRunner(directory: root, timeoutSeconds: timeoutSeconds)
    }

    /// The checked-out branch; nil on a detached HEAD.
    public func currentBranch() throws -> String? {
        let name = try git.run(["rev-parse", "--abbrev-ref", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return name == "HEAD" ? nil : name
    }

    public func head() throws -> String {
        try git.run(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Of `paths` (relative to the root), those with uncommitted changes, staged or not, or untracked.
    public func uncommitted(among paths: [String]) throws -> [String] {
        guard !paths.isEmpty else { return [] }
        let status = try git.run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--"] + paths)
        return status.split(separator: "\0").compactMap { entry in
            entry.count > 3 ? String(entry.dropFirst(3)) : nil
        }
    }

    /// The URL of `remote`, nil when there is no such remote.
    public func remoteURL(_ remote: String) throws -> String? {
        let output = try git.attempt(["remote", "get-url", remote])
        return output.status == 0 ? output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
    }

    /// Asks the remote for its branches; throws with git's words when it cannot be reached.
    public func checkReachable(remote: String) throws {
        try git.run(["ls-remote", "--heads", remote])
    }

    /// Commits exactly `files` (relative to the root) with `message` and the trailers, on the
    /// current branch. Returns the new commit; nil when the files hold no change.
    public func commit(files: [String], message: String, trailers: [(key: String, value: String)]) throws -> String? {
        try git.run(["add", "--"] + files)
        let staged = try git.attempt(["diff", "--cached", "--quiet", "--"] + files)
        guard staged.status != 0 else { return nil }
        let trailerArguments = trailers.flatMap { ["--trailer", "\($0.key): \($0.value)"] }
        try git.run(["commit", "--quiet", "--no-verify", "--file=-"] + trailerArguments + ["--"] + files, input: message)
        return try head()
    }

    /// The commits on `ref` whose trailer `key` has `value`, oldest first.
    public func commits(trailer key: String, value: String, on ref: String = "HEAD") throws -> [String] {
        try commits(trailers: [(key, value)], on: ref)
    }

    /// The commits in `range` (a ref, or `A..B`) that carry every one of `trailers`, oldest first.
    public func commits(trailers: [(key: String, value: String)], on range: String = "HEAD") throws -> [String] {
        guard !trailers.isEmpty else { return [] }
        let fields = trailers.map { "%(trailers:key=\($0.key),valueonly,separator=%x01)" }.joined(separator: "%x00")
        let log = try git.run(["log", "--reverse", "--format=%H%x00\(fields)%x02", range])
        return log.split(separator: "\u{02}").compactMap { record in
            let parts = record.trimmingCharacters(in: .newlines).split(separator: "\0", omittingEmptySubsequences: false)
            guard parts.count == trailers.count + 1 else { return nil }
            for (index, trailer) in trailers.enumerated() {
                let values = parts[index + 1].split(separator: "\u{01}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                if !values.contains(trailer.value) { return nil }
            }
            return String(parts[0])
        }
    }

    /// Pushes the current branch to `remote`/`branch`. When the remote moved, fetches it and
    /// rebases the local commits onto it, then pushes again; when the rebase conflicts it is
    /// aborted (the work tree is as before, the remote untouched) and `.conflict` names the files.
    /// Returns the commit the remote branch now points at.
    @discardableResult
    public func push(remote: String, branch: String, attempts: Int = 3) throws -> String {
        for _ in 0..<max(1, attempts) {
            let pushed = try git.attempt(["push", "--porcelain", remote, "HEAD:refs/heads/\(branch)"])
            if pushed.status == 0 { return try head() }
            guard Self.isRejectedAsBehind(pushed) else {
                throw GitError.failed(command: "git push \(remote) HEAD:\(branch)", status: pushed.status, stderr: pushed.stderr)
            }
            try git.run(["fetch", "--quiet", remote, branch])
            let rebase = try git.attempt(["rebase", "--quiet", "FETCH_HEAD"])
            if rebase.status != 0 {
                let files = (try? git.run(["diff", "--name-only", "--diff-filter=U"]))?
                    .split(separator: "\n").map(String.init) ?? []
                _ = try? git.attempt(["rebase", "--abort"])
                throw GitError.conflict(remote: remote, branch: branch, files: files)
            }
        }
        throw GitError.failed(command: "git push \(remote) HEAD:\(branch)", status: 1,
                              stderr: "the remote kept moving; \(attempts) attempts to rebase and push failed")
    }

    /// A commit that undoes `commits` (newest first), with `message` and the trailers.
    public func revert(_ commits: [String], message: String, trailers: [(key: String, value: String)]) throws -> String? {
        guard !commits.isEmpty else { return nil }
        // Newest first, as `git revert A..B` does: each revert applies to the tree the later commits left.
        let reverted = try git.attempt(["revert", "--no-commit", "--no-edit"] + commits)
        if reverted.status != 0 {
            let files = (try? git.run(["diff", "--name-only", "--diff-filter=U"]))?.split(separator: "\n").map(String.init) ?? []
            _ = try? git.attempt(["revert", "--abort"])
            guard files.isEmpty else { throw GitError.revertConflict(files: files) }
            throw GitError.failed(command: "git revert --no-commit " + commits.joined(separator: " "), status: reverted.status, stderr: reverted.stderr)
        }
        let staged = try git.attempt(["diff", "--cached", "--quiet"])
        guard staged.status != 0 else { return nil }
        let trailerArguments = trailers.flatMap { ["--trailer", "\($0.key): \($0.value)"] }
        try git.run(["commit", "--quiet", "--no-verify", "--file=-"] + trailerArguments, input: message)
        return try head()
    }

    /// The text of `path` at `commit` (nil when the file does not exist there).
    public func show(_ path: String, at commit: String) throws -> String? {
        let output = try git.attempt(["show", "\(commit):\(path)"])
        return output.status == 0 ? output.stdout : nil
    }

    private static func isRejectedAsBehind(_ output: GitRunner.Output) -> Bool {
        let text = output.stdout + output.stderr
        return text.contains("[rejected]") && (text.contains("non-fast-forward") || text.contains("fetch first"))
            || text.contains("(fetch first)") || text.contains("(non-fast-forward)")
    }
}
