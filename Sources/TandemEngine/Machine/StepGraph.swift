import TandemRelease

/// Which earlier steps each step of a program must wait for. The program is stored as a list in
/// wave order; running it wave by wave would make every service wait for the slowest one of the
/// wave before it. The graph lets a service go on as soon as the steps it really depends on
/// finished, so a release takes as long as its longest dependency chain.
///
/// A step waits for:
/// - every step before the last barrier before it (a checkpoint, garbage collection — steps with
///   no service — and the first of a run of `repoint` steps, which finalize after all promotions);
/// - its own service's previous step (deploy → verify → pin → promote);
/// - deploy, verify, pin and (independent coupling) promote: the latest earlier step of each of
///   its dependencies, so a consumer is deployed against a dependency that is deployed, verified
///   and pinned (or, independent, promoted);
/// - lockstep promote: every deploy-phase step (nothing is promoted before all are deployed) and
///   the promotion of each of its consumers (consumers first).
/// Pure: computed once per release from the stored steps and the plan's dependencies.
public struct StepGraph: Sendable, Equatable {
    /// Steps with an index below `barrier[i]` must be finished before step `i` may start.
    public private(set) var barrier: [Int]
    /// Indices of further steps that must be finished before step `i` may start.
    public private(set) var after: [[Int]]

    /// - Parameters:
    ///   - steps: the program in stored order.
    ///   - dependencies: service → the services it calls (from the plan).
    ///   - lockstep: the plan's coupling.
    public init(steps: [ReleaseSnapshot.Step], dependencies: [String: [String]], lockstep: Bool) {
        var consumers: [String: [String]] = [:]
        for (consumer, deps) in dependencies {
            for dependency in deps { consumers[dependency, default: []].append(consumer) }
        }
        let firstPromote = steps.firstIndex { $0.kind == .promote } ?? steps.count
        var lastOfService: [String: Int] = [:]
        var lastBarrier = 0
        barrier = []
        after = []
        barrier.reserveCapacity(steps.count)
        after.reserveCapacity(steps.count)
        for (index, step) in steps.enumerated() {
            let isRunOfRepoint = step.kind == .repoint && index > 0 && steps[index - 1].kind == .repoint
            if step.service == nil || step.kind == .checkpoint || (step.kind == .repoint && !isRunOfRepoint) {
                barrier.append(index)
                after.append([])
                lastBarrier = index + 1
                if let service = step.service { lastOfService[service] = index }
                continue
            }
            let service = step.service!
            var waits: [Int] = []
            if let own = lastOfService[service] { waits.append(own) }
            var limit = lastBarrier
            if lockstep && step.kind == .promote {
                limit = max(limit, firstPromote)
                for consumer in consumers[service] ?? [] {
                    if let index = lastOfService[consumer], steps[index].kind == .promote { waits.append(index) }
                }
            } else if step.kind != .repoint {
                for dependency in dependencies[service] ?? [] {
                    if let index = lastOfService[dependency] { waits.append(index) }
                }
            }
            barrier.append(limit)
            after.append(waits.filter { $0 >= limit }.sorted())
            lastOfService[service] = index
        }
    }

    /// Whether step `index` may start now, given the first unfinished index and each step's state.
    func isReady(_ index: Int, firstUnfinished: Int, finished: (Int) -> Bool) -> Bool {
        barrier[index] <= firstUnfinished && after[index].allSatisfy(finished)
    }
}
