import Testing
@testable import TandemKube
import TandemKubeModel

@Suite("Client-side rate limit")
struct RateLimitTests {
    let start = ContinuousClock.now

    @Test("a full bucket lets a burst through at once, then spaces requests 1/qps apart")
    func burstThenSpaced() {
        var bucket = TokenBucketState(limit: RateLimit(qps: 10, burst: 3), now: start)
        #expect((0..<3).map { _ in bucket.reserve(at: start) } == [.zero, .zero, .zero])
        #expect(bucket.reserve(at: start) == .milliseconds(100))
        // A second caller arriving at the same moment queues behind the first.
        #expect(bucket.reserve(at: start) == .milliseconds(200))
    }

    @Test("tokens refill at qps up to the burst, never beyond it")
    func refillIsCappedAtBurst() {
        var bucket = TokenBucketState(limit: RateLimit(qps: 10, burst: 2), now: start)
        _ = bucket.reserve(at: start)
        _ = bucket.reserve(at: start)
        #expect(bucket.reserve(at: start + .milliseconds(100)) == .zero)
        // An hour idle still refills only `burst` tokens.
        let later = start + .seconds(3600)
        #expect(bucket.reserve(at: later) == .zero)
        #expect(bucket.reserve(at: later) == .zero)
        #expect(bucket.reserve(at: later) == .milliseconds(100))
    }

    @Test("qps 0 means no limit")
    func zeroQPSIsUnlimited() {
        var bucket = TokenBucketState(limit: .unlimited, now: start)
        #expect((0..<10_000).allSatisfy { _ in bucket.reserve(at: start) == .zero })
        #expect(RateLimit.unlimited.description == "unlimited")
    }

    @Test("the default is documented: 50 QPS with a burst of 100")
    func defaultLimit() {
        #expect(RateLimit.default == RateLimit(qps: 50, burst: 100))
    }

    @Test("every request attempt of a client takes a token: past the burst, requests wait and are counted")
    func clientWaitsPastTheBurst() async throws {
        let transport = FakeTransport { _, _ in FakeTransport.Reply(200, #"{"kind":"ConfigMap"}"#) }
        let client = try makeClient(transport, rateLimit: RateLimit(qps: 20, burst: 2))
        for index in 0..<6 {
            _ = try await client.getIfPresent(.configMaps, name: "cm-\(index)")
        }
        #expect(transport.requests.count == 6)
        let totals = client.rateLimitTotals
        #expect(totals.throttled == 4)
        #expect(totals.waited >= .milliseconds(150))
    }

    @Test("retries take tokens too, so a failing server is not hammered faster than the limit")
    func retriesAreLimited() async throws {
        let transport = FakeTransport { _, index in index < 3 ? FakeTransport.Reply(500, "boom") : FakeTransport.Reply(200, "{}") }
        let client = try makeClient(transport, rateLimit: RateLimit(qps: 50, burst: 1))
        _ = try await client.getIfPresent(.configMaps, name: "cm")
        #expect(transport.requests.count == 4)
        #expect(client.rateLimitTotals.throttled >= 1)
    }
}
