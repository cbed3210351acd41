/// `spec.gitops`: release through commits to a git work tree that Argo CD (or someone else)
/// applies, instead of writing templates into the cluster. See docs/gitops.md.
public struct GitOpsSpec: Sendable, Equatable, Hashable {
    /// The work tree holding the manifests, relative to the plan file; nil = the root of the
    /// repository the plan file is in.
    public var repo: String?
    /// Branch to commit on; nil = the work tree's current branch.
    public var branch: String?
    /// Remote pushed after every commit; "" = commit only, never push.
    public var remote: String
    public var sync: GitOpsSync
    /// Namespace of the Argo CD Applications.
    public var argocdNamespace: String
    public var positions: FieldPositions

    public static let defaultRemote = "origin"
    public static let defaultArgoCDNamespace = "argocd"

    public init(
        repo: String? = nil, branch: String? = nil, remote: String = GitOpsSpec.defaultRemote,
        sync: GitOpsSync = .argocd, argocdNamespace: String = GitOpsSpec.defaultArgoCDNamespace,
        positions: FieldPositions = FieldPositions()
    ) {
        self.repo = repo
        self.branch = branch
        self.remote = remote
        self.sync = sync
        self.argocdNamespace = argocdNamespace
        self.positions = positions
    }

    /// True when commits are pushed.
    public var pushes: Bool { !remote.isEmpty }
}

/// Who applies what tandem commits.
public enum GitOpsSync: String, Sendable, Equatable, Hashable, CaseIterable {
    /// tandem asks each service's Argo CD Application to sync the commit.
    case argocd
    /// Someone else applies the committed tree; tandem waits for the Rollout to show it.
    case none
}

/// A path inside the GitOps work tree, written one way: `./manifests//backend/` → `manifests/backend`;
/// `.` and "" are the root (""). The plan's validation, the edit planner, the committer and the preflight
/// compare and join manifests directories through it.
public enum RepoPath {
    public static func normalized(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
