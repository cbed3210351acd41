import Foundation

/// Reads an Application's git repository with the real `git` binary: resolves a revision to a
/// commit, and exports the tree at a commit into a temporary directory (like Argo CD's repo-server
/// checking the commit out before it renders).
enum GitRevisionSource {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The commit `revision` (branch, tag, HEAD or a commit SHA) names in the repository.
    static func resolve(repository: String, revision: String) async throws -> String {
        guard FileManager.default.fileExists(atPath: repository) else {
            throw Failure(description: "repository \(repository) does not exist")
        }
        let result: ToolRunner.Output
        do {
            result = try await ToolRunner.run(["git", "-C", repository, "rev-parse", "--verify", "--quiet", "\(revision)^{commit}"])
        } catch {
            throw Failure(description: "cannot run git: \(error)")
        }
        let sha = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.ok, !sha.isEmpty else {
            throw Failure(description: "Unable to resolve '\(revision)' to a commit SHA in \(repository)"
                          + (result.stderr.isEmpty ? "" : ": \(result.stderr)"))
        }
        return sha
    }

    /// Writes the tree of `commit` into a new temporary directory and returns it; the caller removes it.
    static func export(repository: String, commit: String) async throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-sim-argocd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let archive = directory.appendingPathComponent(".tandem-export.tar").path
        let archived = try await ToolRunner.run(["git", "-C", repository, "archive", "--format=tar", "-o", archive, commit])
        guard archived.ok else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure(description: "git archive \(commit) failed: \(archived.stderr)")
        }
        let extracted = try await ToolRunner.run(["tar", "-xf", archive, "-C", directory.path])
        try? FileManager.default.removeItem(atPath: archive)
        guard extracted.ok else {
            try? FileManager.default.removeItem(at: directory)
            throw Failure(description: "unpacking \(commit) failed: \(extracted.stderr)")
        }
        return directory
    }
}
