import Synchronization
import Testing
@testable import TandemEngine

@Suite("concurrentMap: a sliding window of tasks")
struct ConcurrentMapTests {
    /// How many transforms run right now, and the most that ever ran together.
    final class Gauge: Sendable {
        private let state = Mutex((now: 0, most: 0))
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    @Test("results come back in the elements' order, however the tasks finish", arguments: [1, 3, 8, 50])
    func orderKept(width: Int) async {
        let input = Array(0..<40)
        // Later elements finish first: each sleeps less than the one before.
        let output = await input.concurrentMap(atMost: width) { value -> Int in
            try? await Task.sleep(for: .milliseconds(40 - value))
            return value * 2
        }
        #expect(output == input.map { $0 * 2 })
    }

    @Test("never more than the width run at once, and the window fills up to it")
    func windowBounded() async {
        let gauge = Gauge()
        _ = await Array(0..<30).concurrentMap(atMost: 4) { index in
            gauge.enter()
            // The first four hold on until all four run (5 s at most): the window must fill, whatever the load.
            let deadline = ContinuousClock.now + .seconds(5)
            while index < 4, gauge.most < 4, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(1)) }
            try? await Task.sleep(for: .milliseconds(2))
            gauge.leave()
        }
        #expect(gauge.most == 4)
    }

    @Test("an empty array makes no task")
    func empty() async {
        #expect(await [Int]().concurrentMap(atMost: 8) { $0 }.isEmpty)
    }
}
