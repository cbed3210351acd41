import Foundation
import TandemTestSupport
import TandemEngine

/// A manifests tree in memory (path → text) for the edit planner tests, with `kubectl kustomize`
/// as the oracle of what the committed tree renders.
struct ManifestTree {
    var files: [String: String]

    /// The example tree shipped in examples/gitops (what plans/loan-app-gitops.yaml releases).
    static func example() throws -> ManifestTree {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/gitops")
        var files: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator where !url.hasDirectoryPath {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            files[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        return ManifestTree(files: files)
    }

    func read(_ path: String) -> String? { files[path] }

    mutating func apply(_ change: GitOpsWaveChange) {
        for file in change.files { files[file.path] = file.new }
    }

    /// `kubectl kustomize <directory>` of this tree written to a temporary folder.
    func kustomize(_ directory: String) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tree-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        do {
            return try ProcessRunner.tool(["kubectl", "kustomize", root.appendingPathComponent(directory).path])
        } catch let failure as ProcessRunner.ToolFailed {
            throw KustomizeFailure(description: "kubectl kustomize \(directory) failed (is kubectl installed?): " + failure.result.stderr)
        }
    }

    struct KustomizeFailure: Error, CustomStringConvertible { let description: String }
}
