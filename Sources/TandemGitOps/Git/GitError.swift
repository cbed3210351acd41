import Foundation

/// A git operation that failed, with what git said and what to do about it.
public enum GitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `git` itself could not be run.
    case gitMissing(String)
    /// A git command exited non-zero.
    case failed(command: String, status: Int32, stderr: String)
    /// The path is not inside a git work tree.
    case notARepository(path: String)
    /// Pushing needed a rebase onto the remote, and the remote changed the same lines.
    case conflict(remote: String, branch: String, files: [String])
    /// Reverting commits conflicted with later changes of the same lines; the revert was undone.
    case revertConflict(files: [String])
    /// A git command did not finish in time (a remote that does not answer).
    case timedOut(command: String, seconds: Int)

    public var description: String {
        switch self {
        case let .gitMissing(reason):
            return "git could not be run (\(reason)); install git and make sure it is on the PATH"
        case let .failed(command, status, stderr):
            let said = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command)` failed (exit \(status))\(said.isEmpty ? "" : ": \(said)")"
        case let .notARepository(path):
            return "\(path) is not inside a git work tree; point spec.gitops.repo at the repository that holds the manifests"
        case let .conflict(remote, branch, files):
            return "\(remote)/\(branch) changed the same lines meanwhile (\(files.joined(separator: ", "))); "
                + "the rebase was undone and nothing was pushed"
        case let .revertConflict(files):
            return "reverting the release's commits conflicts with later changes of the same lines (\(files.joined(separator: ", "))); "
                + "the revert was undone and nothing was committed"
        case let .timedOut(command, seconds):
            return "`\(command)` did not finish within \(seconds) s; check that the remote is reachable"
        }
    }
}
