/// When `--wait` asks a checkpoint's gates again: the first time at once, then after a pause that starts at
/// `first` and doubles (up to `max`) while the answer stays the same; a changed answer starts over at `first`.
/// Per drive and per checkpoint; people's decisions are read in between at the runner's poll interval.
struct GatePolling {
    let first: Duration
    let max: Duration
    private var dueAt: [String: ContinuousClock.Instant] = [:]
    private var pause: [String: Duration] = [:]
    /// Checkpoints whose gates passed in this drive (not asked again before passing them).
    private(set) var passed: Set<String> = []

    init(first: Duration, max: Duration) {
        self.first = first
        self.max = max
    }

    func isDue(_ checkpoint: String, now: ContinuousClock.Instant = .now) -> Bool {
        dueAt[checkpoint].map { now >= $0 } ?? true
    }

    /// The pause after an answer: `first` when it changed (or at the first answer), else twice the last one, capped.
    static func nextPause(after previous: Duration?, changed: Bool, first: Duration, max: Duration) -> Duration {
        guard let previous, !changed else { return first }
        return Swift.min(previous * 2, max)
    }

    mutating func answered(_ checkpoint: String, passed didPass: Bool, changed: Bool, now: ContinuousClock.Instant = .now) {
        let next = Self.nextPause(after: pause[checkpoint], changed: changed, first: first, max: max)
        pause[checkpoint] = next
        dueAt[checkpoint] = now + next
        if didPass { passed.insert(checkpoint) } else { passed.remove(checkpoint) }
    }
}
