/// Settings of the emulated Argo Rollouts controller and the simulated pods.
public struct SimControllerOptions: Sendable {
    /// How long a started pod takes to become Ready.
    public var readyDelay: Duration
    /// The time source for every delay and deadline (pod readiness, scale-down delays,
    /// progress deadlines, pause durations, autoPromotionSeconds).
    public var clock: any SimClock
    /// Real-time interval at which due timers are checked (a manual clock also wakes them on `advance`).
    /// Short, because a pod becomes Ready up to one interval after its ready delay and a release waits
    /// for that at every level of its dependency chain.
    public var resyncInterval: Duration
    /// How many reconciles may run at once (each object is still reconciled by one worker at a time).
    public var workers: Int

    public init(readyDelay: Duration = .seconds(1), clock: any SimClock = SystemSimClock(),
                resyncInterval: Duration = .milliseconds(50), workers: Int = 4) {
        self.readyDelay = readyDelay
        self.clock = clock
        self.resyncInterval = resyncInterval
        self.workers = workers
    }
}
