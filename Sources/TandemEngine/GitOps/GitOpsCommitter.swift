import Foundation
import TandemGitOps
import TandemKube
import TandemKubeModel
import TandemPairing
import TandemPlan
import TandemRelease

/// `gitops-commit` (GitOps mode, one per deploy wave): writes the wave's edits (`GitOpsEditPlanner`:
/// image tags, the consumers' generator literals, the pinned Services) into the work tree, commits
/// them with the trailers `Tandem-Release: <id>` and `Tandem-Wave: <n>`, pushes, and — with
/// `sync: argocd` — has each Application whose directory changed sync that commit.
///
/// Crash safety: the step first looks for its commit on the remote, then on the local branch, by
/// its trailers; only when neither has it are the edits planned (from HEAD, so files a crash left
/// half-written are overwritten) and committed. The commit and each Rollout's stable revision are
/// recorded on the step before the push, so a resumed step repeats no commit and loses none.
struct GitOpsCommitter: StepRunner {
    static let kind = StepKind.gitopsCommit

    func run(_ step: ReleaseStep, in context: ReleaseContext) async throws -> JSON {
        guard let wave = step.wave else { throw StepError.terminal("step \(step.label) names no wave; the stored program is malformed") }
        let release = try GitOpsRelease(context: context)
        let services = Self.services(ofWave: wave, in: context)
        let previousStable = try await Self.previousStable(services, recorded: step, in: context)
        let trailers = release.trailers(wave: wave)
        let remoteHead = try release.fetchRemote()
        var detail = GitOpsCommitDetail(wave: wave, previousStable: previousStable)
        let commit: String
        if let published = try release.published(trailers, remoteHead: remoteHead) {
            commit = published
        } else {
            var local = try release.unpushed(trailers, remoteHead: remoteHead)
            if local == nil {
                let change = try await Self.change(wave: wave, services: services, release: release, in: context)
                local = try GitOpsRelease.terminalOnFailure {
                    try release.tree.write(change)
                    return try release.repository.commit(files: change.paths.map(release.tree.repositoryPath), message: change.message,
                                                         trailers: trailers)
                }
                detail.files = change.paths
            }
            // Recorded before the push: a crash from here on finds the commit again by its trailers.
            detail.commit = local
            if let id = step.id { try await context.store.recordStepIntent(id, detail: detail.text) }
            context.options.crashIfRequested(beforePushOfWave: wave)
            if local != nil {
                do {
                    try release.push(undoing: local)
                } catch let error as GitError {
                    throw StepError.blocked(Self.notPushed(wave: wave, error: error, release: release, in: context))
                }
            }
            commit = try GitOpsRelease.terminalOnFailure {
                try release.published(trailers, remoteHead: release.fetchRemote()) ?? release.repository.head()
            }
        }
        detail.commit = commit
        detail.pushed = release.gitops.pushes
        if release.gitops.sync == .argocd {
            let applications = Self.applications(changedIn: commit, release: release, services: services, in: context)
            let deadline = ContinuousClock.now + services.map { context.deadline(for: $0) }.max(by: <)!
            let argoCD = ArgoCDSync(client: context.client, namespace: release.gitops.argocdNamespace)
            // Dependencies first: a consumer's wave also adds the pinned Service to its dependency's
            // Application, and the consumer's new ConfigMap must not name a Service not created yet.
            let own = Set(services.compactMap(context.plan.service(named:)).map { $0.application ?? $0.name })
            let dependencies = applications.filter { !own.contains($0) }
            if !dependencies.isEmpty { try await argoCD.sync(dependencies, revision: commit, deadline: deadline) }
            try await argoCD.sync(applications.filter(own.contains), revision: commit, deadline: deadline)
            detail.synced = applications
        }
        return detail.json
    }

    /// Why wave `wave` stopped before its push, what stays as it was, and the two ways on.
    static func notPushed(wave: Int, error: GitError, release: GitOpsRelease, in context: ReleaseContext) -> String {
        let earlier = (1..<max(wave, 1)).map { number in
            "wave \(number) (" + services(ofWave: number, in: context).map { "\($0) \(context.versions[$0] ?? "?")" }.joined(separator: ", ") + ")"
        }
        let target = "\(release.gitops.remote)/\(release.branch)"
        let remedy: String
        if case .conflict = error {
            remedy = "Resolve it in \(target) (merge or undo the change to those files)"
        } else {
            remedy = "Fix what git said (the remote \(release.gitops.remote), its address or your access to it)"
        }
        let pushed: String
        if case .timedOut = error {
            pushed = "Whether wave \(wave) reached the remote is unknown (a resume looks there first); "
        } else {
            pushed = "Nothing of wave \(wave) was pushed; "
        }
        return "wave \(wave) could not be pushed: \(error). " + pushed
            + (earlier.isEmpty ? "the release changed nothing yet. " : "what the release pushed before stays as it is: \(earlier.joined(separator: ", ")). ")
            + "\(remedy), then run `tandem release resume \(context.releaseID)` "
            + "to commit wave \(wave) on top of it; or run `tandem release abort \(context.releaseID)` to roll the release back"
    }

    /// The released services of deploy wave `wave` (1-based), in plan order.
    static func services(ofWave wave: Int, in context: ReleaseContext) -> [String] {
        let waves = PlanOrder.compute(context.plan).deployWaves
        guard wave >= 1, wave <= waves.count else { return [] }
        return waves[wave - 1].filter(context.scope.contains)
    }

    /// Each service's stable revision before the release (what a rollback returns to): read once,
    /// before the first push, and kept on the step from then on.
    static func previousStable(_ services: [String], recorded step: ReleaseStep,
                               in context: ReleaseContext) async throws -> [String: String] {
        if let recorded = GitOpsCommitDetail(text: step.detail)?.previousStable { return recorded }
        var stable: [String: String] = [:]
        for name in services {
            let service = try context.service(name)
            if let hash = try await context.client.rollout(service.rollout, namespace: service.namespace).status.stableRS {
                stable[name] = hash
            }
        }
        return stable
    }

    /// The wave's edits, planned from the files at HEAD, with each dependency released in an
    /// earlier wave pinned to the revision its deploy step waited for.
    static func change(wave: Int, services: [String], release: GitOpsRelease, in context: ReleaseContext) async throws -> GitOpsWaveChange {
        let versions = context.versions.filter { context.scope.contains($0.key) }
        let planner = GitOpsEditPlanner(plan: context.plan, releaseID: context.releaseID, versions: versions)
        let pins = try await Self.pins(for: services, in: context)
        let repository = release.repository
        do {
            return try planner.change(wave: wave, services: services, pins: pins) { path in
                try repository.show(release.tree.repositoryPath(path), at: "HEAD")
            }
        } catch {
            throw StepError.terminal("wave \(wave): \(error)")
        }
    }

    /// dependency → its pinned Service, for the config edges of `services` to dependencies in the release.
    static func pins(for services: [String], in context: ReleaseContext) async throws -> [String: GitOpsEditPlanner.Pin] {
        let dependencies = Set(services.flatMap { context.pairingPlan.edges(from: $0).map(\.dependency) }).filter(context.scope.contains)
        guard !dependencies.isEmpty else { return [:] }
        let steps = try await context.store.steps(of: context.releaseID)
        var pins: [String: GitOpsEditPlanner.Pin] = [:]
        for name in dependencies.sorted() {
            let deploy = steps.first { $0.kind == .deploy && $0.service == name && $0.state == .succeeded }
            let revision = DeployDetail(text: deploy?.detail)?.revision
            guard let revision, !revision.isEmpty else {
                throw StepError.terminal("the new revision of \(name) is not recorded (its deploy step has not succeeded); the program is out of order")
            }
            let service = try context.service(name)
            let rollout = try await context.client.rollout(service.rollout, namespace: service.namespace)
            guard let active = rollout.blueGreen?.activeService ?? rollout.canary?.stableService else {
                throw StepError.terminal("Rollout \(service.namespace)/\(service.rollout) names no activeService (or stableService) to model the pinned Service on")
            }
            let activeService = try await context.client.get(.services, namespace: service.namespace, name: active)
            // The revision belongs to this release, as in direct mode; the consumer's generated ConfigMap
            // records the same release and the revision it is paired with (GitOpsObjectMetadata).
            pins[name] = GitOpsEditPlanner.Pin(PinnedService(dependency: service, plan: context.plan.name, release: context.releaseID,
                                                             hash: revision, activeService: activeService))
        }
        return pins
    }

    /// The Applications to sync for `commit`: those of the services whose kustomize directory the
    /// commit changed (a pinned Service lands in the dependency's), else those of the wave.
    static func applications(changedIn commit: String, release: GitOpsRelease, services: [String], in context: ReleaseContext) -> [String] {
        let changed = (try? release.repository.changedFiles(in: commit)) ?? []
        let touched = context.plan.services.filter { service in
            let directory = release.tree.repositoryPath(GitOpsEditPlanner.directory(of: service)) + "/"
            return changed.contains { $0.hasPrefix(directory) }
        }
        let names = touched.isEmpty ? services.compactMap(context.plan.service(named:)) : touched
        return names.map { $0.application ?? $0.name }
    }
}
