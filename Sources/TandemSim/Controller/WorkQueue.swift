import Foundation

/// What the controllers reconcile: one Rollout, one ReplicaSet (its pods), one pod (the kubelet).
enum WorkKey: Hashable, Sendable {
    case rollout(namespace: String, name: String)
    case replicaSet(namespace: String, name: String)
    case pod(namespace: String, name: String)
    case analysisRun(namespace: String, name: String)
    /// The Service controller's cleanup of a Service no Rollout references any more.
    case service(namespace: String, name: String)
}

/// A work queue with Kubernetes workqueue semantics: a key is queued at most once, a key being
/// processed is never handed to a second worker (it is re-queued when it changed meanwhile),
/// and timers re-queue keys at a clock time.
actor WorkQueue {
    private var queue: [WorkKey] = []
    private var head = 0
    private var queued: Set<WorkKey> = []
    private var inFlight: Set<WorkKey> = []
    private var dirty: Set<WorkKey> = []
    private var timers: [WorkKey: Date] = [:]
    private var waiters: [CheckedContinuation<WorkKey?, Never>] = []
    private var stopped = false

    func add(_ key: WorkKey) {
        guard !stopped else { return }
        if inFlight.contains(key) { dirty.insert(key); return }
        guard queued.insert(key).inserted else { return }
        if let waiter = waiters.popLast() {
            queued.remove(key)
            inFlight.insert(key)
            waiter.resume(returning: key)
        } else {
            queue.append(key)
        }
    }

    /// The next key to process, or nil once stopped.
    func next() async -> WorkKey? {
        if stopped { return nil }
        if head < queue.count {
            let key = queue[head]
            head += 1
            if head > 1024, head * 2 > queue.count { queue.removeFirst(head); head = 0 }
            queued.remove(key)
            inFlight.insert(key)
            return key
        }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// Marks a key processed; `wake` schedules it again at that clock time.
    func done(_ key: WorkKey, wake: Date?) {
        inFlight.remove(key)
        if let wake {
            if let existing = timers[key], existing <= wake {} else { timers[key] = wake }
        }
        if dirty.remove(key) != nil { add(key) }
    }

    /// Queues every key whose timer is due at `now`.
    func fireTimers(now: Date) {
        let due = timers.filter { $0.value <= now }.map(\.key)
        for key in due {
            timers[key] = nil
            add(key)
        }
    }

    var isIdle: Bool { head >= queue.count && inFlight.isEmpty }

    func stop() {
        stopped = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters.removeAll()
    }
}
