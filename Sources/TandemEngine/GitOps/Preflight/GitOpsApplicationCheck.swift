import TandemKubeModel
import TandemPlan

/// The preflight's look at one Argo CD Application (`sync: argocd`): it exists, and it syncs this
/// repository (`spec.source.repoURL`) at the service's kustomize directory (`spec.source.path`),
/// so the commits tandem pushes are what Argo CD applies. Pure.
enum GitOpsApplicationCheck {
    /// - Parameters:
    ///   - application: the Application as read from the cluster; nil when there is none.
    ///   - services: the released services it syncs, with each one's kustomize directory relative
    ///     to the repository root (what `spec.source.path` must be).
    ///   - branch: the branch tandem commits to, and the repository's default branch (what `HEAD`
    ///     follows) when known; nil when the work tree's branch is unknown (a problem of its own).
    static func problems(name: String, namespace: String, application: JSON?, services: [(name: String, path: String)],
                         repository: GitRepositoryIdentity, branch: TargetBranch? = nil) -> [GitOpsPreflightProblem] {
        let names = services.map(\.name).joined(separator: ", ")
        guard let application else {
            let path = services.first?.path ?? ""
            return [GitOpsPreflightProblem(.environment,
                "Argo CD Application \(namespace)/\(name) (service \(names)) does not exist; create it with spec.source.repoURL "
                + "\(repository.expected) and spec.source.path \(path) (docs/gitops.md), or set the service's \"application\" in the plan "
                + "to the Application that syncs it")]
        }
        let sources = sources(of: application)
        let ours = sources.filter { repository.matches($0.repoURL) }
        guard !ours.isEmpty else {
            let named = sources.map(\.repoURL).map { "\"\($0)\"" }.joined(separator: ", ")
            return [GitOpsPreflightProblem(.plan,
                "Argo CD Application \(namespace)/\(name) syncs repoURL \(named.isEmpty ? "(none)" : named), not this repository "
                + "(\(repository.expected)): what tandem commits would never reach the cluster; point the Application's "
                + "spec.source.repoURL at \(repository.expected), or set spec.gitops.repo to the work tree of the repository it syncs")]
        }
        var problems: [GitOpsPreflightProblem] = []
        if let branch, let revision = ours.map(\.targetRevision).first(where: { !branch.isFollowed(by: $0) }) {
            problems.append(GitOpsPreflightProblem(.plan,
                "Argo CD Application \(namespace)/\(name) follows targetRevision \"\(revision)\"\(branch.describing(revision)), but tandem commits to "
                + "branch \(branch.name): Argo CD would not sync what the release pushes; set the Application's spec.source.targetRevision "
                + "to \(branch.name)\(branch.name == branch.defaultBranch ? " (or HEAD: it is the repository's default branch)" : ""), "
                + "or spec.gitops.branch to the branch the Application follows"))
        }
        for service in services where !ours.contains(where: { RepoPath.normalized($0.path) == RepoPath.normalized(service.path) }) {
            let synced = ours.map { "\"\($0.path)\"" }.joined(separator: ", ")
            problems.append(GitOpsPreflightProblem(.plan,
                "Argo CD Application \(namespace)/\(name) syncs path \(synced), but service \(service.name)'s manifests are "
                + "\"\(service.path)\" (relative to the repository root): set the Application's spec.source.path to "
                + "\(service.path.isEmpty ? "." : service.path), or the service's \"manifests\" (or \"application\") in the plan "
                + "to what the Application syncs"))
        }
        return problems
    }

    /// `spec.source`, or each of `spec.sources` (multi-source Applications).
    static func sources(of application: JSON) -> [(repoURL: String, path: String, targetRevision: String)] {
        let spec = application["spec"]
        let list = spec["sources"].arrayValue ?? (spec["source"].isNull ? [] : [spec["source"]])
        return list.map { ($0["repoURL"].stringValue ?? "", $0["path"].stringValue ?? "", $0["targetRevision"].stringValue ?? "") }
    }

    /// The branch tandem commits to, against which an Application's `targetRevision` is read as Argo CD
    /// reads it: the branch name (or `refs/heads/<name>`), or `HEAD`/empty, which follows the
    /// repository's default branch. A tag or a commit never follows the branch.
    struct TargetBranch: Sendable, Hashable {
        var name: String
        /// The branch the repository's HEAD names; nil when it could not be learned (then `HEAD` is given the benefit of the doubt).
        var defaultBranch: String?

        func isFollowed(by revision: String) -> Bool {
            if revision == name || revision == "refs/heads/" + name { return true }
            if revision.isEmpty || revision == "HEAD" { return defaultBranch.map { $0 == name } ?? true }
            return false
        }

        /// What `revision` stands for, when that is not obvious (`HEAD` → the default branch).
        func describing(_ revision: String) -> String {
            guard revision.isEmpty || revision == "HEAD", let defaultBranch else { return "" }
            return " (the repository's default branch, \(defaultBranch))"
        }
    }
}
