import TandemKube
import TandemKubeModel
import TandemPairing

/// Reads what the pairing report and garbage collection need from the cluster: Rollouts,
/// ReplicaSets, Services and ConfigMaps of every namespace the plan uses, and optionally what
/// one pod of each consumer revision reports through the API server's proxy. Read-only, and
/// tolerant of objects that disappear between reads.
public struct SnapshotReader: Sendable {
    /// Where the four lists come from: a release's `ClusterCache` (no requests) or live.
    public let reads: any KubeReads
    /// Path asked of a consumer pod through the pod proxy.
    public var podPath: String

    public var client: KubeClient { reads.client }

    public init(client: KubeClient, podPath: String = "/") {
        self.init(reads: LiveReads(client: client), podPath: podPath)
    }

    public init(reads: any KubeReads, podPath: String = "/") {
        self.reads = reads
        self.podPath = podPath
    }

    public func read(plan: PairingPlan, askPods: Bool) async throws -> ClusterSnapshot {
        var lists: (rollouts: [JSON], replicaSets: [JSON], services: [JSON], configMaps: [JSON]) = ([], [], [], [])
        for namespace in Set(plan.services.map(\.namespace)).sorted() {
            // The four lists are independent: ask for them at once.
            async let rollouts = reads.objects(.rollouts, namespace: namespace, labelSelector: nil)
            async let replicaSets = reads.objects(.replicaSets, namespace: namespace, labelSelector: nil)
            async let services = reads.objects(.services, namespace: namespace, labelSelector: nil)
            async let configMaps = reads.objects(.configMaps, namespace: namespace, labelSelector: nil)
            lists.rollouts += try await rollouts
            lists.replicaSets += try await replicaSets
            lists.services += try await services
            lists.configMaps += try await configMaps
        }
        // Assigned once each: every assignment rebuilds that list's index.
        var snapshot = ClusterSnapshot(rollouts: lists.rollouts, replicaSets: lists.replicaSets, services: lists.services,
                                       configMaps: lists.configMaps)
        if askPods {
            snapshot.podAnswers = await podAnswers(plan: plan, snapshot: snapshot)
        }
        return snapshot
    }

    /// For each consumer revision with a ready pod: that pod's answer (errors are answers too).
    /// The pods are found with one LIST per namespace and batch of revisions (`pod-template-hash in (…)`),
    /// not one per revision, and asked `podConcurrency` at a time.
    func podAnswers(plan: PairingPlan, snapshot: ClusterSnapshot) async -> [String: JSON] {
        var revisions: [String: [(replicaSet: String, hash: String)]] = [:]
        for consumer in plan.consumers {
            guard let rollout = snapshot.rollout(consumer.namespace, consumer.rollout) else { continue }
            for replicaSet in snapshot.replicaSets(of: rollout) where replicaSet.readyReplicas > 0 {
                guard let hash = replicaSet.podTemplateHash else { continue }
                revisions[consumer.namespace, default: []].append((replicaSet.name, hash))
            }
        }
        var targets: [(key: String, namespace: String, pod: String)] = []
        for (namespace, wanted) in revisions.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: wanted.count, by: Self.hashesPerList) {
                let batch = wanted[start..<min(start + Self.hashesPerList, wanted.count)]
                let selector = "\(TandemLabels.podTemplateHash) in (\(Set(batch.map(\.hash)).sorted().joined(separator: ",")))"
                guard let pods = try? await client.list(.pods, namespace: namespace, labelSelector: selector).items else { continue }
                for revision in batch {
                    guard let pod = pods.first(where: { Pod($0).isReady && Pod($0).ownerReplicaSet == revision.replicaSet }) else { continue }
                    targets.append(("\(namespace)/\(revision.replicaSet)", namespace, pod.name))
                }
            }
        }
        let answers = await targets.concurrentMap(atMost: Self.podConcurrency) { [client, podPath] target -> (String, JSON) in
            do {
                let answer = try await client.proxyGet(pod: target.pod, path: podPath, namespace: target.namespace)
                return (target.key, answer.status == 200 ? (answer.json ?? ["text": .string(answer.text)])
                    : ["error": .string("HTTP \(answer.status): \(answer.text)")])
            } catch {
                return (target.key, ["error": .string("\(error)")])
            }
        }
        return Dictionary(answers, uniquingKeysWith: { first, _ in first })
    }

    /// Revisions per pod LIST: keeps the selector (and the URL) short while a 1,000-service plan needs a few dozen LISTs.
    static let hashesPerList = 50
    /// Pods asked at once: enough to hide each round trip, few enough not to crowd the API server's proxy.
    static let podConcurrency = 8
}
