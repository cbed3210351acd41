/// Annotations the simulated kubelet keeps on a pod (the simulator's own, documented in docs/simulator.md).
enum PodKeys {
    /// The configuration the container read when it started, as a JSON object.
    static let config = "sim.tandem.dev/config"
    /// When the container started (RFC 3339 with microseconds, the injected clock's time).
    static let startedAt = "sim.tandem.dev/started-at"
    /// How long after its start a pod turns Ready (a duration such as `90s`), overriding the
    /// readiness probe's `initialDelaySeconds` and the cluster's ready delay. Set it in the pod template.
    static let readyAfter = "sim.tandem.dev/ready-after"
    /// Suffix of an image tag whose container never becomes Ready (CrashLoopBackOff).
    static let crashLoopSuffix = "-crashloop"
    /// How often a crash-looping container restarts (restartCount grows by one per period).
    static let crashLoopPeriod = 10.0
}
