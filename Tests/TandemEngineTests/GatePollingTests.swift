import Testing
@testable import TandemEngine

@Suite("Gate polling backs off")
struct GatePollingTests {
    @Test("the pause doubles while the answer stays the same, up to the maximum, and starts over when it changes")
    func backoff() {
        var pause: Duration? = nil
        var pauses: [Duration] = []
        for _ in 0..<6 {
            pause = GatePolling.nextPause(after: pause, changed: pause == nil, first: .seconds(10), max: .seconds(60))
            pauses.append(pause!)
        }
        #expect(pauses == [.seconds(10), .seconds(20), .seconds(40), .seconds(60), .seconds(60), .seconds(60)])
        #expect(GatePolling.nextPause(after: .seconds(60), changed: true, first: .seconds(10), max: .seconds(60)) == .seconds(10))
    }

    @Test("a checkpoint is due at first, not right after an answer, and remembered as passed")
    func due() {
        var polling = GatePolling(first: .seconds(10), max: .seconds(60))
        let now = ContinuousClock.now
        #expect(polling.isDue("change", now: now))
        polling.answered("change", passed: true, changed: true, now: now)
        #expect(!polling.isDue("change", now: now + .seconds(5)))
        #expect(polling.isDue("change", now: now + .seconds(10)))
        #expect(polling.passed.contains("change"))
    }
}
