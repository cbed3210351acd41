import Foundation
import TandemGitOps
import TandemPlan

/// Where a GitOps plan's manifests live: the git repository, and the folder inside it that
/// `spec.gitops.repo` names (the `manifests` paths are relative to that folder).
public struct GitOpsWorkTree: Sendable {
    public let repository: GitRepository
    /// Absolute path of the `repo` folder.
    public let base: String
    /// `base` relative to the repository root ("" when they are the same).
    public let prefix: String

    /// The work tree of `gitops`, for the plan file at `planPath`.
    public init(planPath: String, gitops: GitOpsSpec) throws {
        let folder = Self.folder(planPath: planPath, gitops: gitops)
        repository = try GitRepository(containing: folder)
        let root = Self.resolved(repository.root)
        let resolvedBase = gitops.repo == nil ? root : Self.resolved(folder)
        base = resolvedBase
        prefix = resolvedBase == root ? "" : String(resolvedBase.dropFirst(root.count + 1))
    }

    /// The folder `spec.gitops.repo` names, absolute: relative to the plan file's folder (that folder when unset).
    public static func folder(planPath: String, gitops: GitOpsSpec) -> String {
        let planDirectory = (absolute(planPath) as NSString).deletingLastPathComponent
        let folder = gitops.repo.map { (planDirectory as NSString).appendingPathComponent($0) } ?? planDirectory
        return URL(fileURLWithPath: folder).standardizedFileURL.path
    }

    /// `path` (relative to `base`) relative to the repository root, as git takes it.
    public func repositoryPath(_ path: String) -> String { prefix.isEmpty ? path : prefix + "/" + path }

    /// The text of `path` (relative to `base`) in the work tree; nil when there is no such file.
    public func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: (base as NSString).appendingPathComponent(path)) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes a wave's files into the work tree (and removes those it deletes).
    public func write(_ change: GitOpsWaveChange) throws {
        for file in change.files {
            let url = URL(fileURLWithPath: (base as NSString).appendingPathComponent(file.path))
            guard let text = file.new else {
                if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
                continue
            }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// The path with symbolic links and `.`/`..` resolved, so it compares with git's toplevel.
    static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }
}
