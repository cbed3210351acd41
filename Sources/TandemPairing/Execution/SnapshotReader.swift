import TandemKube
import TandemKubeModel

/// Reads what the pairing report and garbage collection need from the cluster: Rollouts,
/// ReplicaSets, Services and ConfigMaps of every namespace the plan uses, and optionally what
/// one pod of each consumer revision reports through the API server's proxy. Read-only, and
/// tolerant of objects that disappear between reads.
public struct SnapshotReader: Sendable {
    public let client: KubeClient
    /// Path asked of a consumer pod through the pod proxy.
    public var podPath: String

    public init(client: KubeClient, podPath: String = "/") {
        self.client = client
        self.podPath = podPath
    }

    public func read(plan: PairingPlan, askPods: Bool) async throws -> ClusterSnapshot {
        var snapshot = ClusterSnapshot()
        for namespace in Set(plan.services.map(\.namespace)).sorted() {
            // The four lists are independent: ask for them at once.
            async let rollouts = client.list(.rollouts, namespace: namespace)
            async let replicaSets = client.list(.replicaSets, namespace: namespace)
            async let services = client.list(.services, namespace: namespace)
            async let configMaps = client.list(.configMaps, namespace: namespace)
            snapshot.rollouts += try await rollouts.items
            snapshot.replicaSets += try await replicaSets.items
            snapshot.services += try await services.items
            snapshot.configMaps += try await configMaps.items
        }
        if askPods {
            snapshot.podAnswers = await podAnswers(plan: plan, snapshot: snapshot)
        }
        return snapshot
    }

    /// For each consumer revision with a ready pod: that pod's answer (errors are answers too).
    func podAnswers(plan: PairingPlan, snapshot: ClusterSnapshot) async -> [String: JSON] {
        var answers: [String: JSON] = [:]
        for consumer in plan.consumers {
            guard let rollout = snapshot.rollout(consumer.namespace, consumer.rollout) else { continue }
            for replicaSet in snapshot.replicaSets(of: rollout) where replicaSet.readyReplicas > 0 {
                guard let hash = replicaSet.podTemplateHash,
                      let pods = try? await client.list(.pods, namespace: consumer.namespace,
                                                        labelSelector: "\(TandemLabels.podTemplateHash)=\(hash)").items,
                      let pod = pods.first(where: { Pod($0).isReady && Pod($0).ownerReplicaSet == replicaSet.name }) else { continue }
                let key = "\(consumer.namespace)/\(replicaSet.name)"
                do {
                    let answer = try await client.proxyGet(pod: pod.name, path: podPath, namespace: consumer.namespace)
                    answers[key] = answer.status == 200 ? (answer.json ?? ["text": .string(answer.text)])
                        : ["error": .string("HTTP \(answer.status): \(answer.text)")]
                } catch {
                    answers[key] = ["error": .string("\(error)")]
                }
            }
        }
        return answers
    }
}
