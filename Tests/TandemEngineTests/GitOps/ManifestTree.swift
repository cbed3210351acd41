import Foundation
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kubectl", "kustomize", root.appendingPathComponent(directory).path]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw KustomizeFailure(description: "kubectl kustomize \(directory) failed (is kubectl installed?): " + String(decoding: error, as: UTF8.self))
        }
        return String(decoding: output, as: UTF8.self)
    }

    struct KustomizeFailure: Error, CustomStringConvertible { let description: String }
}
