import TandemKube
import TandemKubeModel
import TandemPairing

/// Carries out pairing against a cluster through the Kube client: pins revisions, writes a
/// consumer's versioned ConfigMap and its Rollout (image and configuration in one write), and
/// collects garbage. Each method is one step the release engine (or a test) calls in order.
/// Reads go through `reads` (a release's `ClusterCache`, or live), writes through its client.
public struct PairingExecutor: Sendable {
    public let reads: any KubeReads
    public let plan: PairingPlan
    /// The release being carried out (recorded on every object created).
    public let release: String

    public var client: KubeClient { reads.client }

    public init(client: KubeClient, plan: PairingPlan, release: String) {
        self.init(reads: LiveReads(client: client), plan: plan, release: release)
    }

    public init(reads: any KubeReads, plan: PairingPlan, release: String) {
        self.reads = reads
        self.plan = plan
        self.release = release
    }

    /// Waits until the dependency's Rollout has observed its latest template and the ReplicaSet
    /// of `status.currentPodHash` exists; returns that hash.
    public func waitForNewRevision(dependency name: String, timeout: Duration = .seconds(60)) async throws -> String {
        let service = try self.service(name)
        let deadline = ContinuousClock.now + timeout
        let rollout = try await reads.waitForRollout(service.rollout, namespace: service.namespace, until: RolloutCondition(
            "a ReplicaSet for the latest template of \(service.rollout)") { rollout in
                guard let observed = rollout.status.observedGeneration.flatMap({ Int($0) }) else { return false }
                return observed == rollout.generation && rollout.status.currentPodHash != nil
            }, deadline: deadline)
        let hash = rollout.status.currentPodHash!
        // The controller creates the ReplicaSet before it reports its hash; a cache may see the Rollout's
        // event a moment before the ReplicaSet's (two watches), so it waits for it (live: one list).
        let replicaSets = try await reads.objects(.replicaSets, namespace: service.namespace,
                                                  labelSelector: LabelSelector(matchLabels: [TandemLabels.podTemplateHash: hash]),
                                                  until: { !$0.isEmpty }, deadline: min(deadline, .now + .seconds(10)))
        guard !replicaSets.isEmpty else {
            throw PairingError("Rollout \(service.namespace)/\(service.rollout) reports revision \(hash) but its ReplicaSet does not exist yet; retry in a moment")
        }
        return hash
    }

    /// Pins the dependency's newest revision (this release deployed it): creates the pinned
    /// Service, or finds it already there.
    public func pinNewRevision(dependency name: String, timeout: Duration = .seconds(60)) async throws -> PairingTarget {
        let hash = try await waitForNewRevision(dependency: name, timeout: timeout)
        return try await pin(dependency: name, hash: hash, release: release)
    }

    /// Pins the dependency's stable revision (it is not part of this release); the pinned
    /// Service records the release that revision belongs to.
    public func pinStableRevision(dependency name: String) async throws -> PairingTarget {
        let service = try self.service(name)
        let rollout = try await reads.rollout(service.rollout, namespace: service.namespace)
        guard let hash = rollout.status.stableRS else {
            throw PairingError("Rollout \(service.namespace)/\(service.rollout) has no stable revision yet; deploy it once before pairing consumers with it")
        }
        let snapshot = try await SnapshotReader(reads: reads).read(plan: plan, askPods: false)
        let release = snapshot.replicaSets(of: rollout).first { $0.podTemplateHash == hash }
            .map { RevisionRelease.release(of: $0, service: service, snapshot: snapshot) } ?? release
        return try await pin(dependency: name, hash: hash, release: release)
    }

    /// Creates the pinned Service for revision `hash` of the dependency (a no-op when it exists).
    public func pin(dependency name: String, hash: String, release: String) async throws -> PairingTarget {
        let service = try self.service(name)
        let active = try await activeService(of: service)
        let pinned = PinnedService(dependency: service, plan: plan.name, release: release, hash: hash, activeService: active)
        // One there already (an earlier run's, or an earlier release's pin of the same revision) will do when it
        // selects the same pods, whatever release it records.
        let existing = try await foundOrCreated(.services, pinned.object, isSame: pinned.selectsSamePods)
        try pinned.checkExisting(existing)
        return PairingTarget(service: pinned.name, namespace: service.namespace, port: Service(active).ports.first?.port,
                             release: TandemLabels.recordedRelease(labels: existing.labels, annotations: existing.annotations) ?? release,
                             revision: hash)
    }

    /// `pairing: preview`: the dependency's previewService (during the release) or activeService
    /// (after it, or for a dependency not in the release). The target records the revision the
    /// Service selects now; its release is `release` for the previewService (this release's new
    /// revision) and the release that revision belongs to for the activeService.
    public func serviceTarget(dependency name: String, preview: Bool, release: String) async throws -> PairingTarget {
        let service = try self.service(name)
        let rollout = try await reads.rollout(service.rollout, namespace: service.namespace)
        guard let serviceName = preview ? rollout.blueGreen?.previewService : rollout.blueGreen?.activeService else {
            throw PairingError("Rollout \(service.namespace)/\(service.rollout) has no blue-green \(preview ? "previewService" : "activeService"); `pairing: preview` needs a blue-green dependency with both Services")
        }
        let object = Service(try await reads.required(.services, namespace: service.namespace, name: serviceName))
        var targetRelease = release
        if !preview, let hash = object.podTemplateHash {
            let snapshot = try await SnapshotReader(reads: reads).read(plan: plan, askPods: false)
            if let revision = snapshot.replicaSets(of: rollout).first(where: { $0.podTemplateHash == hash }) {
                targetRelease = RevisionRelease.release(of: revision, service: service, snapshot: snapshot)
            }
        }
        return PairingTarget(service: serviceName, namespace: service.namespace, port: object.ports.first?.port,
                             release: targetRelease, revision: object.podTemplateHash)
    }

    /// Writes the consumer's new configuration as a versioned ConfigMap and points its Rollout
    /// at it, setting the image to `<image>:<tag>` in the same write (`tag` nil keeps the image:
    /// a configuration-only revision, as the preview re-point needs).
    @discardableResult
    public func deployConsumer(service name: String, tag: String?, targets: [String: PairingTarget]) async throws -> [VersionedConfigMap] {
        let service = try self.service(name)
        let rollout = try await reads.rollout(service.rollout, namespace: service.namespace)
        var configs: [String: VersionedConfigMap] = [:]
        for (base, edges) in Dictionary(grouping: plan.edges(from: name), by: \.configMap) {
            let currentName = try VersionedConfigMap.currentName(base: base, inTemplate: rollout.template.raw, rollout: service.rollout)
            let current = try await reads.object(.configMaps, namespace: service.namespace, name: currentName)
            var values: [String: String] = [:], paired: [String: String] = [:], revisions: [String: String] = [:]
            for edge in edges {
                guard let target = targets[edge.dependency] else {
                    throw PairingError("no target given for dependency \(edge.dependency) of \(name); pin it (or pick its Service) first")
                }
                values[edge.key] = ValueTemplate(edge.valueTemplate).render(service: target.service, namespace: target.namespace,
                                                                            port: target.port, consumerNamespace: service.namespace)
                paired[edge.key] = target.release
                revisions[edge.key] = target.revision
            }
            let config = VersionedConfigMap(base: base, namespace: service.namespace, current: current, values: values,
                                            plan: plan.name, service: name, release: release, pairedReleases: paired,
                                            pairedRevisions: revisions)
            try await createConfigMap(config)
            configs[currentName] = config
        }
        let written = configs.values.sorted { $0.name < $1.name }
        let image = tag.map { ImageReference.with(repository: service.image, tag: $0) }
        try await reads.updateRollout(service.rollout, namespace: service.namespace) { rollout in
            // Resolve the current names against the object being written (it may have changed since the read).
            var renames: [String: String] = [:]
            for config in written {
                let current = try VersionedConfigMap.currentName(base: config.base, inTemplate: rollout[path: ["spec", "template"]],
                                                                 rollout: service.rollout)
                renames[current] = config.name
            }
            return try PodTemplateRewrite.rewrite(rollout: rollout, container: service.container, image: image, configMapRenames: renames)
        }
        return written
    }

    /// Deletes what `GarbageCollectionPlan` allows; returns what was deleted.
    @discardableResult
    public func collectGarbage(keep: Set<String> = []) async throws -> GarbageCollectionPlan {
        let snapshot = try await SnapshotReader(reads: reads).read(plan: plan, askPods: false)
        let collection = GarbageCollectionPlan.compute(plan: plan.name, snapshot: snapshot, keep: keep)
        for entry in collection.configMaps {
            let (namespace, name) = Self.split(entry)
            try await client.delete(.configMaps, namespace: namespace, name: name)
        }
        for entry in collection.services {
            let (namespace, name) = Self.split(entry)
            try await client.delete(.services, namespace: namespace, name: name)
        }
        return collection
    }

    private func createConfigMap(_ config: VersionedConfigMap) async throws {
        // One there already (the same configuration in an earlier release) will do when its data is the same.
        let existing = try await foundOrCreated(.configMaps, config.object, isSame: config.hasSameData)
        guard config.hasSameData(existing) else {
            throw PairingError("ConfigMap \(config.namespace)/\(config.name) exists with other data than tandem computed for that name; delete it and run again")
        }
        // Equal data from an earlier release (e.g. `backend-preview` again): the record of what
        // the keys are paired with now belongs to this release.
        let stale = config.labels.contains { existing.labels[$0.key] != $0.value }
            || config.annotations.contains { existing.annotations[$0.key] != $0.value }
        if stale {
            var annotations = JSON(config.annotations)
            for key in [TandemLabels.pairedReleases, TandemLabels.pairedRevisions] where config.annotations[key] == nil {
                annotations[key] = .null
            }
            _ = try await client.patch(.configMaps, namespace: config.namespace, name: config.name,
                                       ["metadata": ["labels": JSON(config.labels), "annotations": annotations]])
        }
    }

    /// The object of `object`'s name as `reads` has it, else created; `isSame` judges one the create runs into.
    private func foundOrCreated(_ type: ResourceType, _ object: JSON, isSame: @escaping @Sendable (JSON) -> Bool) async throws -> JSON {
        if let found = try await reads.object(type, namespace: object.namespace, name: object.name) { return found }
        return try await client.createIdempotent(type, namespace: object.namespace, object, isSame: isSame)
    }

    private func activeService(of service: PairingService) async throws -> JSON {
        let rollout = try await reads.rollout(service.rollout, namespace: service.namespace)
        guard let name = rollout.blueGreen?.activeService ?? rollout.canary?.stableService else {
            throw PairingError("Rollout \(service.namespace)/\(service.rollout) has no activeService (blue-green) or stableService (canary) to copy a selector and ports from; add one")
        }
        return try await reads.required(.services, namespace: service.namespace, name: name)
    }

    func service(_ name: String) throws(PairingError) -> PairingService {
        guard let service = plan.service(name) else {
            throw PairingError("service \"\(name)\" is not in plan \(plan.name)")
        }
        return service
    }

    static func split(_ key: String) -> (String, String) {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }
}
