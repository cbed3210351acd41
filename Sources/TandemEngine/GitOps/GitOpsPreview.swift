import TandemPairing
import TandemPlan

/// The GitOps part of `tandem plan steps`: per deploy wave, the commit and every line it changes,
/// read from the work tree as it is now. Touches nothing.
public enum GitOpsPreview {
    /// The text, and whether some commit could not be planned (its error is in the text).
    public static func render(plan: ReleasePlan, versions: [String: String], read: (String) throws -> String?,
                              location: String) -> (text: String, failed: Bool) {
        guard let gitops = plan.gitops else { return ("", false) }
        var failed = false
        let push = gitops.pushes ? "pushed to \(gitops.remote)" : "not pushed (remote: \"\")"
        let branch = gitops.branch.map { "branch \($0)" } ?? "the current branch"
        var lines = ["GitOps commits in \(location) (\(branch), \(push), sync: \(gitops.sync.rawValue)):"]
        let planner = GitOpsEditPlanner(plan: plan, releaseID: "<release-id>", versions: versions)
        for (index, wave) in PlanOrder.compute(plan).deployWaves.enumerated() {
            do {
                let change = try planner.change(wave: index + 1, services: wave, pins: [:], read: read)
                lines.append("  commit \(index + 1): " + (change.message.split(separator: "\n").first.map(String.init) ?? ""))
                lines.append("    trailer Tandem-Release: <release-id>")
                for file in change.files {
                    if file.old == nil {
                        lines.append("    \(file.path): new file")
                    } else if file.new == nil {
                        lines.append("    \(file.path): removed (no consumer's literal names this pinned Service any more)")
                    }
                    lines += file.edits.map { "    " + $0.description.replacingOccurrences(of: "\n", with: "\n    ") }
                }
                for dependency in change.unknownPins {
                    let name = PinnedService.name(service: dependency, hash: GitOpsEditPlanner.unknownHash)
                    let directory = plan.service(named: dependency)?.manifests ?? dependency
                    lines.append("    \(directory)/\(GitOpsEditPlanner.pinnedFolder)/\(name).yaml: new file, the Service pinned to \(dependency)'s new revision (listed in its resources)")
                }
                if change.files.isEmpty, change.unknownPins.isEmpty { lines.append("    (no change: the tree already holds these versions)") }
                lines.append("    " + syncLine(plan: plan, gitops: gitops, services: change.unknownPins + change.versions.map(\.service)))
            } catch {
                lines.append("  commit \(index + 1): error: \(error)")
                failed = true
            }
        }
        if plan.coupling == .lockstep, plan.services.contains(where: { $0.dependsOn.contains(where: \.writesConfig) }) {
            lines.append("<hash> is the dependency's pod-template hash, known once its commit is deployed; tandem then computes the consumer's hash-suffixed ConfigMap name as kustomize will.")
        }
        return (lines.joined(separator: "\n"), failed)
    }

    static func syncLine(plan: ReleasePlan, gitops: GitOpsSpec, services: [String]) -> String {
        switch gitops.sync {
        case .argocd:
            let applications = services.compactMap { plan.service(named: $0)?.applicationName }
                .map { "\(gitops.argocdNamespace)/\($0)" }.joined(separator: ", ")
            return "sync Application \(applications) to the commit; wait for operationState Succeeded, then for the Rollouts"
        case .none:
            return "wait for the Rollouts to show the committed template (someone else applies it)"
        }
    }
}
