extension PlanValidator {
    /// GitOps mode: the `spec.gitops` values, and every service's `manifests` and `application`
    /// (required with `spec.gitops`, meaningless without it).
    mutating func checkGitOps(_ plan: ReleasePlan) {
        guard let gitops = plan.gitops else {
            for service in plan.services {
                for field in PlanValidator.serviceGitOpsFields where service.positions.position(of: field) != nil {
                    report(.misplacedOption, at: service.positions[field],
                           "\"\(field)\" of service \"\(service.name)\" applies only to GitOps mode (the plan has no spec.gitops)",
                           hint: "add a \"gitops:\" section under spec (see docs/gitops.md), or remove \"\(field)\"")
                }
            }
            return
        }
        let positions = gitops.positions
        if let repo = gitops.repo, let problem = Self.relativePathProblem(repo, allowDot: true) {
            report(.invalidValue, at: positions["repo"], "gitops repo \"\(repo)\" \(problem)",
                   hint: "give the git work tree relative to the plan file, e.g. repo: . or repo: ../deploy")
        }
        if let branch = gitops.branch, !NameRules.isGitBranch(branch) {
            report(.invalidValue, at: positions["branch"], "gitops branch \"\(branch)\" is not a valid git branch name",
                   hint: "use a branch name such as main or release/loan-app (no spaces, '..', '~', '^', ':' or '\\\\')")
        }
        if gitops.pushes, !NameRules.isGitBranch(gitops.remote) {
            report(.invalidValue, at: positions["remote"], "gitops remote \"\(gitops.remote)\" is not a git remote name",
                   hint: "name a remote of the work tree (git remote -v), e.g. origin; remote: \"\" commits without pushing")
        }
        requireLabel(gitops.argocdNamespace, what: "argocdNamespace", at: positions["argocdNamespace"])
        if plan.coupling == .lockstep, plan.pairing == .preview {
            report(.misplacedOption, at: plan.positions["pairing"],
                   "pairing: preview is not supported in GitOps mode",
                   hint: "use pairing: revision: the pinned Services are committed with the consumer's configuration")
        }
        var directories: [String: String] = [:]
        for service in plan.services {
            let servicePositions = service.positions
            if let manifests = service.manifests {
                if let problem = Self.relativePathProblem(manifests, allowDot: false) {
                    report(.invalidValue, at: servicePositions["manifests"], "manifests \"\(manifests)\" of service \"\(service.name)\" \(problem)",
                           hint: "give the service's kustomize directory relative to the gitops repo, e.g. manifests/backend")
                } else if let other = directories[RepoPath.normalized(manifests)] {
                    report(.invalidValue, at: servicePositions["manifests"],
                           "services \"\(other)\" and \"\(service.name)\" share the manifests directory \"\(RepoPath.normalized(manifests))\"",
                           hint: "give each service its own kustomize directory (and Argo CD Application)")
                } else {
                    directories[RepoPath.normalized(manifests)] = service.name
                }
            } else if !service.name.isEmpty {
                report(.missingField, at: servicePositions.start,
                       "missing required field \"manifests\" in service \"\(service.name)\" (the plan is in GitOps mode)",
                       hint: "add \"manifests: <directory>\", the service's kustomize directory relative to the gitops repo")
            }
            if let application = service.application, !NameRules.isDNSSubdomain(application) {
                report(.invalidName, at: servicePositions["application"],
                       "application \"\(application)\" of service \"\(service.name)\" is not a valid Kubernetes name",
                       hint: "use the Argo CD Application's metadata.name: lowercase letters, digits, '-' and '.'")
            }
        }
    }

    static let serviceGitOpsFields = ["manifests", "application"]

    /// Why `path` cannot name a place inside the work tree; nil when it can.
    static func relativePathProblem(_ path: String, allowDot: Bool) -> String? {
        if path.hasPrefix("/") { return "is an absolute path" }
        if path.contains("\\") || path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            return "contains a backslash or a control character"
        }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if !allowDot, parts.contains("..") { return "leaves the gitops repo (..)" }
        if !allowDot, parts.allSatisfy({ $0 == "." }) { return "names the repo root, not a service's directory" }
        return nil
    }
}
