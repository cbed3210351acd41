import TandemKube
import TandemKubeModel
import TandemPairing
import TandemRelease

/// What a rollback achieved, service by service.
public struct RollbackReport: Sendable, Equatable {
    /// service → what went wrong (empty when the rollback completed).
    public var failures: [String: String]
    /// service → the live state of its Rollout after the rollback (for the summary).
    public var states: [String: String]
    public var isComplete: Bool { failures.isEmpty }

    public init(failures: [String: String] = [:], states: [String: String] = [:]) {
        self.failures = failures
        self.states = states
    }
}

/// Carries out `RollbackPlanner`'s actions against the cluster, one by one in order. Each action
/// compares the live Rollout with its target first, so a resumed rollback repeats nothing.
struct RollbackRunner {
    let context: ReleaseContext

    func run(_ actions: [RollbackAction], steps: [ReleaseStep]) async -> RollbackReport {
        var failures: [String: String] = [:]
        for action in actions {
            let service: String?
            switch action {
            case .revertPromoted(let s), .abort(let s), .restore(let s): service = s
            case .cleanUp, .revertCommits, .settleApplications: service = nil
            }
            if let service, failures[service] != nil { continue }
            do {
                let message = try await perform(action, steps: steps)
                try? await context.store.appendEvent(releaseID: context.releaseID, kind: .rollbackAction, service: service,
                                                     message: message)
            } catch {
                let text = "\(error)"
                failures[service ?? Self.failureKey(action)] = text
                try? await context.store.appendEvent(releaseID: context.releaseID, kind: .rollbackFailed, service: service,
                                                     message: "\(action) failed: \(text)")
            }
        }
        var states: [String: String] = [:]
        for name in context.consumersFirst where context.scope.contains(name) {
            guard let service = try? context.service(name),
                  let rollout = try? await context.client.rollout(service.rollout, namespace: service.namespace) else { continue }
            states[name] = "\(rollout.settledPhase) on revision \(rollout.status.stableRS ?? "?") (\(PodTemplateRewrite.image(inTemplate: rollout.template.raw, container: service.container) ?? "?"))"
        }
        return RollbackReport(failures: failures, states: states)
    }

    private func perform(_ action: RollbackAction, steps: [ReleaseStep]) async throws -> String {
        switch action {
        case .revertPromoted(let name):
            guard let previous = previousStable(of: name, steps: steps) else {
                throw StepError.terminal("the revision \(name) ran before this release is not recorded; roll it back by hand with `kubectl argo rollouts undo`")
            }
            return try await restore(name, to: previous, verb: "reverted")
        case .abort(let name):
            let service = try context.service(name)
            let rollout = try await context.client.rollout(service.rollout, namespace: service.namespace)
            guard rollout.status.currentPodHash != rollout.status.stableRS, !rollout.status.abort else {
                return "\(name): nothing to abort"
            }
            try await context.client.abort(service.rollout, namespace: service.namespace)
            return "\(name): update aborted; the active Service stays on \(rollout.status.stableRS ?? "the stable revision")"
        case .restore(let name):
            let service = try context.service(name)
            let rollout = try await context.client.rollout(service.rollout, namespace: service.namespace)
            guard let stable = previousStable(of: name, steps: steps) ?? rollout.status.stableRS else {
                throw StepError.terminal("Rollout \(service.rollout) has no stable revision to return to; delete or fix it by hand")
            }
            return try await restore(name, to: stable, verb: "restored")
        case .cleanUp:
            return try await RollbackCleaner(context: context).run()
        case .revertCommits:
            return try await GitOpsReverter(context: context).run()
        case .settleApplications:
            let release = try GitOpsRelease(context: context)
            guard release.gitops.sync == .argocd,
                  let revert = try release.lastPublished(release.revertTrailers) else { return "no revert for Argo CD to settle on" }
            try await release.settle(on: revert, in: context)
            return "Argo CD settled on \(revert.prefix(12)): " + GitOpsRelease.applications(in: context).joined(separator: ", ") + " Synced and Healthy"
        }
    }

    /// Where a failed action that concerns no one service is reported.
    static func failureKey(_ action: RollbackAction) -> String {
        switch action {
        case .revertCommits: "(git revert)"
        case .settleApplications: "(Argo CD)"
        default: "(clean-up)"
        }
    }

    /// Undo to the ReplicaSet of `hash`, then wait until it is stable (promoting a slow rollback).
    /// In GitOps mode the template is never written here: the synced revert commit brings it back.
    private func restore(_ name: String, to hash: String, verb: String) async throws -> String {
        let service = try context.service(name)
        let client = context.client
        let deadline = ContinuousClock.now + context.deadline(for: name)
        let rollout = try await client.rollout(service.rollout, namespace: service.namespace)
        if rollout.status.currentPodHash != hash, context.plan.gitops == nil {
            guard let target = try await client.replicaSets(of: rollout).first(where: { $0.podTemplateHash == hash }),
                  let revision = target.revision else {
                throw StepError.terminal("the ReplicaSet of revision \(hash) of Rollout \(service.rollout) is gone from history; set the image and ConfigMap back by hand")
            }
            try await client.undo(service.rollout, namespace: service.namespace, toRevision: revision)
        }
        let settled = try await RolloutWaits.wait(service, RolloutWaits.settled(on: hash), deadline: deadline, client: client,
                                                  what: "\(name) did not settle on revision \(hash)")
        if settled.status.stableRS != hash {
            try await client.promote(service.rollout, namespace: service.namespace)
            _ = try await RolloutWaits.wait(service, RolloutWaits.promoted(hash), deadline: deadline, client: client,
                                            what: "\(name) did not become Healthy on revision \(hash)")
        }
        return "\(name): \(verb) to revision \(hash)"
    }

    /// Recorded by the service's deploy step, or (GitOps mode) by its wave's commit step before the push.
    private func previousStable(of service: String, steps: [ReleaseStep]) -> String? {
        let deploy = steps.first { $0.kind == .deploy && $0.service == service }
        if let deployed = DeployDetail(text: deploy?.detail)?.previousStable { return deployed }
        let commit = steps.first { $0.kind == .gitopsCommit && $0.wave == deploy?.wave }
        return GitOpsCommitDetail(text: commit?.detail)?.previousStable[service]
    }
}

/// Deletes what the rolled-back release created: its versioned ConfigMaps and the pinned Services
/// only they named. The abandoned revisions of this release do not keep them alive.
struct RollbackCleaner {
    let context: ReleaseContext

    func run() async throws -> String {
        let snapshot = try await SnapshotReader(reads: context.reads).read(plan: context.pairingPlan, askPods: false)
        let mine = Set(snapshot.configMaps.filter {
            TandemLabels.recordedRelease(labels: $0.labels, annotations: $0.annotations) == context.releaseID
        }.map(\.name))
        var pruned = snapshot
        pruned.replicaSets = snapshot.replicaSets.filter { replicaSet in
            PodTemplateRewrite.configMapReferences(inTemplate: replicaSet[path: ["spec", "template"]]).isDisjoint(with: mine)
        }
        let collection = GarbageCollectionPlan.compute(plan: context.plan.name, snapshot: pruned)
        for entry in collection.configMaps {
            let (namespace, name) = split(entry)
            _ = try await context.client.delete(.configMaps, namespace: namespace, name: name)
        }
        for entry in collection.services {
            let (namespace, name) = split(entry)
            _ = try await context.client.delete(.services, namespace: namespace, name: name)
        }
        let deleted = collection.configMaps.map { "ConfigMap \($0)" } + collection.services.map { "Service \($0)" }
        return deleted.isEmpty ? "nothing left to delete" : "deleted " + deleted.joined(separator: ", ")
    }

    private func split(_ key: String) -> (String, String) {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
