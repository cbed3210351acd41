import Foundation
import TandemKubeModel

/// `spec.restartAt` (`kubectl argo rollouts restart`), after Argo's `RolloutPodRestarter`
/// (rollout/restart.go): once `restartAt` has passed and differs from `status.restartedAt`, the
/// Rollout's pods created before it are evicted a few at a time — only while
/// `available - (max(replicas, Σ RS spec.replicas) - max(maxUnavailable, 1))` is positive — and the
/// ReplicaSets recreate them. When no pod is older than `restartAt`, the strategy copies it into
/// `status.restartedAt`. Eviction is a plain delete here (no PodDisruptionBudgets, no grace period).
struct PodRestarter {
    let store: ObjectStore

    struct Outcome {
        /// Pods evicted in this reconcile.
        var restarted = 0
        /// Every pod is newer than `restartAt`: `status.restartedAt` may be set (`SetRestartedAt`).
        var finished = false
        /// When to look again: at `restartAt` when it is still ahead (`checkEnqueueRollout`), or
        /// `restartPodCheckTime` (30 s) later while pods still wait for their restart.
        var wake: Date?
    }

    /// Argo polls a rollout whose pods still need a restart every 30 s (`restartPodCheckTime`).
    static let checkInterval: TimeInterval = 30

    func reconcile(_ snapshot: RolloutSnapshot) async throws(APIStatus) -> Outcome {
        var outcome = Outcome()
        guard let text = snapshot.spec["restartAt"].stringValue, let restartAt = KubeTime.parse(text) else { return outcome }
        // checkEnqueueRollout: a restart still ahead wakes the rollout when it is due.
        if snapshot.now <= restartAt {
            outcome.wake = restartAt.addingTimeInterval(1)
            return outcome
        }
        // NeedsRestart (utils/replicaset): restartAt passed and not yet recorded as restartedAt.
        if let done = snapshot.status["restartedAt"].stringValue.flatMap(KubeTime.parse), done == restartAt { return outcome }

        let pods = await rolloutPods(snapshot)
        let total = snapshot.replicaSets.reduce(0) { $0 + $1.rsSpecReplicas }
        let available = pods.filter { $0.isPodReady && $0.deletionTimestamp == nil }.count
        let concurrent = max(Self.maxUnavailable(snapshot), 1)
        var canRestart = available - (max(snapshot.replicas, total) - concurrent)
        var needsRestart = 0
        for pod in pods {
            guard let created = pod.creationTimestamp.flatMap(KubeTime.parse), created < restartAt else { continue }
            needsRestart += 1
            guard canRestart > 0, pod.deletionTimestamp == nil else { continue }
            do {
                _ = try await store.delete(.pods, namespace: snapshot.namespace, name: pod.name)
            } catch where error.code == 404 {
                continue
            }
            canRestart -= 1
            outcome.restarted += 1
        }
        if needsRestart == outcome.restarted {
            outcome.finished = true
        } else {
            outcome.wake = snapshot.now.addingTimeInterval(Self.checkInterval)
        }
        return outcome
    }

    /// `getRolloutPods`: pods the spec's selector selects whose owner is one of the Rollout's
    /// ReplicaSets, in the API's list order (by name).
    private func rolloutPods(_ snapshot: RolloutSnapshot) async -> [JSON] {
        let selector = LabelSelector(matchLabels: snapshot.spec[path: ["selector", "matchLabels"]].stringMap)
        let owners = Set(snapshot.replicaSets.compactMap(\.uid))
        return await store.list(.pods, namespace: snapshot.namespace, labelSelector: selector).items.filter { pod in
            (pod["metadata"]["ownerReferences"].arrayValue ?? []).contains { owners.contains($0["uid"].stringValue ?? "") }
        }
    }

    /// `MaxUnavailable` (utils/replicaset): blue/green `maxUnavailable` rounded down (default 25 %);
    /// canary resolves both fenceposts (`maxSurge` rounded up, `maxUnavailable` down, default 25 %
    /// each) and uses 1 when both come to 0. Never more than the replicas.
    static func maxUnavailable(_ snapshot: RolloutSnapshot) -> Int {
        let replicas = snapshot.replicas
        guard replicas > 0 else { return 0 }
        let strategy = snapshot.isBlueGreen ? snapshot.blueGreen : snapshot.canary
        var unavailable = scaled(strategy["maxUnavailable"], of: replicas, roundUp: false)
        if !snapshot.isBlueGreen, unavailable == 0, scaled(strategy["maxSurge"], of: replicas, roundUp: true) == 0 {
            unavailable = 1
        }
        return min(unavailable, replicas)
    }

    /// `GetValueFromIntOrPercent` as Argo calls it: an integer as is, a string (with or without `%`,
    /// Argo's default is the string "25") as a percentage of `total`. Absent means the default 25 %.
    static func scaled(_ value: JSON, of total: Int, roundUp: Bool) -> Int {
        if let number = value.intValue { return number }
        let text = value.stringValue ?? "25"
        guard let percent = Int(text.hasSuffix("%") ? String(text.dropLast()) : text) else { return 0 }
        let product = percent * total
        return roundUp ? (product + 99) / 100 : product / 100
    }
}
