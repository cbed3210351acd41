import Foundation
import TandemGitOps
import TandemPlan

/// The preflight's look at the git work tree, through the real `git`: on the branch tandem
/// commits on, no uncommitted change in the files it edits (others are none of its business),
/// and the remote it pushes to answers.
struct GitOpsWorkTreeCheck {
    let tree: GitOpsWorkTree
    let gitops: GitOpsSpec
    /// "plans/x.yaml:LINE:COL: " for a field of spec.gitops ("" when its position is unknown).
    let at: (String) -> String

    var root: String { tree.repository.root }

    /// - Parameter files: the paths (relative to the repository root) tandem edits or creates.
    func problems(files: [String]) -> [GitOpsPreflightProblem] {
        var problems: [GitOpsPreflightProblem] = []
        // The remote is asked once: whether it answers, and which branches it has.
        var remoteBranches: [String]? = nil
        if gitops.pushes {
            do {
                if let url = try tree.repository.remoteURL(gitops.remote) {
                    do {
                        remoteBranches = try tree.repository.remoteBranches(gitops.remote)
                    } catch {
                        problems.append(GitOpsPreflightProblem(.environment,
                            "remote \(gitops.remote) (\(url)) of \(root) cannot be reached (\(Self.oneLine(error))); check the URL "
                            + "(`git -C \(root) remote get-url \(gitops.remote)`), the network and the credentials, "
                            + "or set remote: \"\" in spec.gitops to commit without pushing"))
                    }
                } else {
                    problems.append(GitOpsPreflightProblem(.environment,
                        "\(at("remote"))\(root) has no remote \"\(gitops.remote)\" (spec.gitops.remote): add it "
                        + "(`git -C \(root) remote add \(gitops.remote) URL`), name an existing one, or set remote: \"\" to commit without pushing"))
                }
            } catch {
                problems.append(GitOpsPreflightProblem(.environment, "\(error)"))
            }
        }
        problems += branchProblems(remoteBranches: remoteBranches)
        do {
            let dirty = try tree.repository.uncommitted(among: files)
            if !dirty.isEmpty {
                problems.append(GitOpsPreflightProblem(.environment,
                    "\(root) has uncommitted changes in files tandem commits: \(dirty.joined(separator: ", ")); commit them "
                    + "(or `git -C \(root) stash --include-untracked`), then start again"))
            }
        } catch {
            problems.append(GitOpsPreflightProblem(.environment, "\(error)"))
        }
        return problems
    }

    private func branchProblems(remoteBranches: [String]?) -> [GitOpsPreflightProblem] {
        let current: String?
        do { current = try tree.repository.currentBranch() } catch {
            return [GitOpsPreflightProblem(.environment, "\(error)")]
        }
        guard let branch = gitops.branch else {
            guard current == nil else { return [] }
            return [GitOpsPreflightProblem(.environment,
                "\(root) is on a detached HEAD and spec.gitops names no branch: check out the branch tandem should commit on "
                + "(`git -C \(root) checkout BRANCH`), or set spec.gitops.branch")]
        }
        guard current != branch else { return [] }
        let now = current.map { "on branch \($0)" } ?? "on a detached HEAD"
        let exists = (try? tree.repository.hasLocalBranch(branch)) ?? false
        if exists || remoteBranches?.contains(branch) == true {
            return [GitOpsPreflightProblem(.environment,
                "\(root) is \(now), not \(branch) (spec.gitops.branch): run `git -C \(root) checkout \(branch)`, then start again")]
        }
        let remote = gitops.pushes ? " nor on \(gitops.remote)" : ""
        return [GitOpsPreflightProblem(.environment,
            "\(at("branch"))branch \(branch) (spec.gitops.branch) exists neither in \(root)\(remote): create it "
            + "(`git -C \(root) checkout -b \(branch)`), or set spec.gitops.branch to the branch Argo CD syncs")]
    }

    /// git's words on one line (its stderr spans several).
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
