import Foundation
import TandemGitOps
import TandemKube
import TandemKubeModel
import TandemPlan

/// Everything a GitOps release needs, checked before anything is taken, recorded or committed
/// (`ReleaseStarter.start` runs it for `release start`, `release promote`, `release rollback` and
/// `POST /api/releases` alike): the work tree (on the branch, no uncommitted change in the files
/// tandem edits, the remote answers), the manifests (each kustomization has the image entry and the
/// generator literal the release edits, a generator tandem can hash), and with `sync: argocd` each
/// Application (it exists and syncs this repository at the service's directory). Every problem is
/// reported at once (`GitOpsPreflightError`); exit 2 when the plan or the manifests must change, else 1.
public enum GitOpsPreflight {
    /// Throws `GitOpsPreflightError` with every problem; returns quietly for a direct-mode plan.
    /// - Parameters:
    ///   - planPath: the plan file (the work tree is found from it).
    ///   - versions: service → new tag; only these services are checked.
    public static func check(plan: ReleasePlan, planPath: String?, versions: [String: String], client: KubeClient) async throws {
        guard let gitops = plan.gitops else { return }
        guard let planPath else {
            throw GitOpsPreflightError(location: "plan \(plan.name)", problems: [GitOpsPreflightProblem(.plan,
                "the plan has spec.gitops but no file path, so its git work tree cannot be found; start the release from the plan file")])
        }
        // git waits on processes (a remote may take its time): not on the cooperative pool.
        let local = await Self.offThePool { Self.local(plan: plan, gitops: gitops, planPath: planPath, versions: versions) }
        var problems = local.problems
        if gitops.sync == .argocd, let identity = local.identity {
            problems += await applicationProblems(local.applications, namespace: gitops.argocdNamespace, identity: identity,
                                                  branch: local.branch, client: client)
        }
        if !problems.isEmpty { throw GitOpsPreflightError(location: local.location, problems: problems) }
    }

    /// What the work tree and the manifests say, and what the Applications must sync.
    struct Local: Sendable {
        var location: String
        var problems: [GitOpsPreflightProblem]
        /// nil when the folder is not in a git work tree (the Applications cannot be compared with it).
        var identity: GitRepositoryIdentity?
        /// Application name → the released services it syncs, each with its directory relative to the repository root.
        var applications: [(name: String, services: [(name: String, path: String)])]
        /// The branch the release commits to, with the repository's default branch; nil when unknown.
        var branch: GitOpsApplicationCheck.TargetBranch? = nil
    }

    static func local(plan: ReleasePlan, gitops: GitOpsSpec, planPath: String, versions: [String: String]) -> Local {
        let at: (String) -> String = { field in gitops.positions.position(of: field).map { "\(planPath):\($0): " } ?? "" }
        let released = plan.services.filter { versions[$0.name] != nil }
        let tree: GitOpsWorkTree
        do {
            tree = try GitOpsWorkTree(planPath: planPath, gitops: gitops)
        } catch {
            // Not a work tree: the manifests are still checked as they are in the folder.
            let folder = GitOpsWorkTree.folder(planPath: planPath, gitops: gitops)
            let read: (String) -> String? = { path in
                FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(path)).map { String(decoding: $0, as: UTF8.self) }
            }
            let problems = [GitOpsPreflightProblem(.environment, "\(at("repo"))\(error)")]
                + GitOpsManifestCheck.problems(plan: plan, versions: versions, read: read, display: { $0 })
            return Local(location: folder, problems: problems, identity: nil, applications: [])
        }
        let manifests = GitOpsManifestCheck.problems(plan: plan, versions: versions, read: tree.read, display: tree.repositoryPath)
        // The files tandem writes: each kustomization, and the folder of pinned Services beside it.
        var files: [String] = []
        for service in released {
            if let kustomization = GitOpsEditPlanner.kustomization(of: service, read: tree.read) {
                files.append(tree.repositoryPath(kustomization.path))
            }
            let directory = GitOpsEditPlanner.directory(of: service)
            files.append(tree.repositoryPath(directory.isEmpty ? GitOpsEditPlanner.pinnedFolder : directory + "/" + GitOpsEditPlanner.pinnedFolder))
        }
        let workTree = GitOpsWorkTreeCheck(tree: tree, gitops: gitops, at: at).problems(files: files)
        let remoteURL = gitops.pushes ? (try? tree.repository.remoteURL(gitops.remote)) ?? nil : nil
        var applications: [(name: String, services: [(name: String, path: String)])] = []
        for service in released {
            let entry = (name: service.name, path: tree.repositoryPath(GitOpsEditPlanner.directory(of: service)))
            if let index = applications.firstIndex(where: { $0.name == service.applicationName }) {
                applications[index].services.append(entry)
            } else {
                applications.append((service.applicationName, [entry]))
            }
        }
        let current: String? = (try? tree.repository.currentBranch()) ?? nil
        var branch: GitOpsApplicationCheck.TargetBranch?
        if let name = gitops.branch ?? current {
            // What `HEAD` follows: the remote's default branch; without a remote, the work tree Argo CD reads.
            var defaultBranch: String? = current
            if gitops.pushes { defaultBranch = (try? tree.repository.remoteDefaultBranch(gitops.remote)) ?? nil }
            branch = GitOpsApplicationCheck.TargetBranch(name: name, defaultBranch: defaultBranch)
        }
        return Local(location: tree.repository.root, problems: workTree + manifests,
                     identity: GitRepositoryIdentity(root: GitOpsWorkTree.resolved(tree.repository.root), remoteURL: remoteURL),
                     applications: applications, branch: branch)
    }

    /// Reads each Application once; a cluster that cannot be read is one problem, not one per Application.
    static func applicationProblems(_ applications: [(name: String, services: [(name: String, path: String)])], namespace: String,
                                    identity: GitRepositoryIdentity, branch: GitOpsApplicationCheck.TargetBranch? = nil,
                                    client: KubeClient) async -> [GitOpsPreflightProblem] {
        var problems: [GitOpsPreflightProblem] = []
        for (name, services) in applications {
            let application: JSON?
            do {
                application = try await client.getIfPresent(.applications, namespace: namespace, name: name)
            } catch {
                // The client's error says what to do (the RBAC rule to grant, the API server it could not reach).
                problems.append(GitOpsPreflightProblem(.environment, "cannot read Argo CD Application \(namespace)/\(name): \(error)"))
                break
            }
            problems += GitOpsApplicationCheck.problems(name: name, namespace: namespace, application: application,
                                                        services: services, repository: identity, branch: branch)
        }
        return problems
    }

    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
