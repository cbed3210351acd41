import Foundation
import TandemKubeModel

/// The simulated kubelet: starts a pod's containers once their configuration can be read, marks
/// the pod Ready `readiness(of:)` after the start, and keeps containers whose image tag ends in
/// `-crashloop` in CrashLoopBackOff (never Ready, restartCount growing every 10 s).
struct Kubelet {
    let store: ObjectStore
    let clock: any SimClock
    let readyDelay: Duration

    enum Outcome: Equatable {
        /// Look at the pod again at that time (readiness or the next crash).
        case wake(Date?)
        /// The container cannot start (missing ConfigMap); retried when ConfigMaps change.
        case blocked
    }

    func sync(namespace: String, name: String) async throws(APIStatus) -> Outcome {
        guard var pod = try? await store.get(.pods, namespace: namespace, name: name), pod.deletionTimestamp == nil else {
            return .wake(nil)
        }
        let now = clock.now
        if pod.annotations[PodKeys.startedAt] == nil {
            switch await PodConfigReader.read(podSpec: pod["spec"], namespace: namespace, store: store) {
            case .failure(let failure):
                try await writeStatus(PodStatusBuilder.waiting(pod, failure: failure), of: pod)
                return .blocked
            case .success(let config):
                pod = try await store.modify(.pods, namespace: namespace, name: name) { current in
                    var copy = current
                    copy.setAnnotation(PodKeys.config, JSON(config).serializedString())
                    copy.setAnnotation(PodKeys.startedAt, MicroTime.format(now))
                    return copy
                }
            }
        }
        let started = pod.annotations[PodKeys.startedAt].flatMap(KubeTime.parse) ?? now
        let readyAt = started.addingTimeInterval(readiness(of: pod))
        let crashLoop = PodStatusBuilder.isCrashLooping(pod)
        let status = PodStatusBuilder.running(pod, started: started, readyAt: readyAt, now: now)
        try await writeStatus(status, of: pod)
        if crashLoop {
            let restarts = floor(now.timeIntervalSince(started) / PodKeys.crashLoopPeriod)
            return .wake(started.addingTimeInterval((restarts + 1) * PodKeys.crashLoopPeriod))
        }
        return .wake(now < readyAt ? readyAt : nil)
    }

    /// Seconds from start to Ready: the `sim.tandem.dev/ready-after` annotation when set; otherwise
    /// the largest readiness-probe `initialDelaySeconds` of the containers (the kubelet probes no
    /// earlier, and a simulated probe succeeds at its first try), but never less than the ready delay.
    func readiness(of pod: JSON) -> TimeInterval {
        if let text = pod.annotations[PodKeys.readyAfter], let after = try? KubeDuration.parse(text) {
            return after.timeInterval
        }
        let probeDelay = (pod["spec"]["containers"].arrayValue ?? [])
            .compactMap { $0["readinessProbe"]["initialDelaySeconds"].intValue }.max() ?? 0
        return max(readyDelay.timeInterval, TimeInterval(probeDelay))
    }

    private func writeStatus(_ status: JSON, of pod: JSON) async throws(APIStatus) {
        guard status != pod["status"] else { return }
        _ = try await store.modify(.pods, namespace: pod.namespace, name: pod.name, subresource: .status) { current in
            var copy = current
            copy["status"] = status
            return copy
        }
    }
}
