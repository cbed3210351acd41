import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

/// Lease claims held through one heartbeat Lease per holder, against the simulated cluster.
@Suite("Lease claims against the simulated cluster", .serialized)
struct LeaseClaimsTests {
    static func claims(_ reads: any KubeReads, holder: String, namespace: String) -> LeaseClaims {
        LeaseClaims(reads: reads, holder: holder, heartbeatNamespace: namespace, heartbeatName: "beat-\(holder)")
    }

    static func requests(_ client: KubeClient) async throws -> Int { try await ClusterCacheTests.requests(client) }

    @Test("a claim is one write to take; taking it again, renewing and parking cost one heartbeat write however many claims")
    func claimsCostOneWriteEach() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "claims1")
        let cache = ClusterCache(client: client)
        defer { Task { await cache.stop(); await client.shutdown(); await sim.stop() } }
        let a = Self.claims(cache, holder: "a", namespace: "claims1")
        guard case .acquired = try await a.beat(duration: .seconds(60)) else { Issue.record("a did not get its heartbeat"); return }
        // The cache's WATCH opens after its LIST: counted before `before`, not after.
        try await ClusterCacheTests.eventually("the leases watch is open") { await cache.requestCounts().watches == 1 }
        let before = try await Self.requests(client)
        for name in ["x", "y", "z"] {
            guard case .acquired(let lease) = try await a.claim(name, namespace: "claims1", duration: .seconds(3600)) else {
                Issue.record("a did not get the free claim \(name)"); return
            }
            #expect(lease.holderIdentity == "a")
            #expect(lease.annotations[LeaseClaims.heartbeatAnnotation] == "claims1/beat-a")
            #expect(lease.leaseDurationSeconds == 3600)
        }
        #expect(try await Self.requests(client) - before == 3)
        // A resumed holder finds its claims its own: no write; renewing is the heartbeat alone.
        for name in ["x", "y", "z"] {
            guard case .acquired = try await a.claim(name, namespace: "claims1", duration: .seconds(3600)) else {
                Issue.record("a lost its own claim \(name)"); return
            }
        }
        _ = try await a.beat(duration: .seconds(60))
        _ = try await a.beat(duration: .seconds(7 * 24 * 3600))
        #expect(try await Self.requests(client) - before == 5)
        #expect(try await client.lease("beat-a")?.leaseDurationSeconds == 7 * 24 * 3600)
    }

    @Test("another holder is refused while the heartbeat lives, and takes the claim over once it is gone or expired")
    func heartbeatDecides() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "claims2")
        let other = try sim.client(.bearerToken, namespace: "claims2")
        let cacheA = ClusterCache(client: client), cacheB = ClusterCache(client: other)
        defer { Task { await cacheA.stop(); await cacheB.stop(); await client.shutdown(); await other.shutdown(); await sim.stop() } }
        let a = Self.claims(cacheA, holder: "a", namespace: "claims2"), b = Self.claims(cacheB, holder: "b", namespace: "claims2")
        let now = Date()
        _ = try await a.beat(duration: .seconds(60), now: now)
        _ = try await a.claim("x", namespace: "claims2", duration: .seconds(3600), now: now)
        _ = try await a.claim("y", namespace: "claims2", duration: .seconds(3600), now: now)
        guard case .heldBy(let holder, let until) = try await b.claim("x", namespace: "claims2", duration: .seconds(3600), now: now.addingTimeInterval(30)) else {
            Issue.record("b took a claim of a live heartbeat"); return
        }
        #expect(holder == "a")
        #expect(until.map { abs($0.timeIntervalSince(now.addingTimeInterval(60))) < 1 } == true, "held until the heartbeat expires")
        // The heartbeat expired (a's process died): x is free although its own Lease says an hour.
        guard case .acquired(let taken) = try await b.claim("x", namespace: "claims2", duration: .seconds(3600), now: now.addingTimeInterval(61)) else {
            Issue.record("b could not take the claim of an expired heartbeat"); return
        }
        #expect(taken.holderIdentity == "b" && taken.leaseTransitions == 1)
        #expect(taken.annotations[LeaseClaims.heartbeatAnnotation] == "claims2/beat-b")
        // A heartbeat that is gone frees its claims at once.
        _ = try await a.beat(duration: .seconds(60))
        try await a.stopBeating()
        #expect(try await client.lease("beat-a") == nil)
        guard case .acquired = try await b.claim("y", namespace: "claims2", duration: .seconds(3600)) else {
            Issue.record("b could not take the claim of a deleted heartbeat"); return
        }
        // Giving back clears the holder and the heartbeat; only the holder gives back.
        #expect(try await a.giveBack("y", namespace: "claims2") == false)
        #expect(try await b.giveBack("y", namespace: "claims2"))
        let given = try #require(try await client.lease("y"))
        #expect(given.holderIdentity == nil && given.annotations[LeaseClaims.heartbeatAnnotation] == nil)
    }

    @Test("a claim written by an older tandem (no heartbeat annotation) is held until its own expiry")
    func legacyClaimKeepsItsExpiry() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "claims3")
        defer { Task { await client.shutdown(); await sim.stop() } }
        let now = Date()
        _ = try await client.acquireLease("x", holder: "old", duration: .seconds(60), now: now)
        let b = Self.claims(LiveReads(client: client), holder: "b", namespace: "claims3")
        _ = try await b.beat(duration: .seconds(60), now: now)
        guard case .heldBy(let holder, _) = try await b.claim("x", namespace: "claims3", duration: .seconds(3600), now: now.addingTimeInterval(59)) else {
            Issue.record("b took an unexpired legacy Lease"); return
        }
        #expect(holder == "old")
        guard case .acquired = try await b.claim("x", namespace: "claims3", duration: .seconds(3600), now: now.addingTimeInterval(61)) else {
            Issue.record("b could not take an expired legacy Lease"); return
        }
    }

    @Test("a contended claim's heartbeat is read live: one the reads have not seen yet still holds the claim")
    func unseenHeartbeatIsReadLive() async throws {
        let sim = try await SimHarness.start()
        let client = try sim.client(.bearerToken, namespace: "claims4")
        let other = try sim.client(.bearerToken, namespace: "claims4")
        defer { Task { await client.shutdown(); await other.shutdown(); await sim.stop() } }
        // b's view of the claim names a's heartbeat, but the reads b goes through never see that heartbeat.
        let a = Self.claims(LiveReads(client: client), holder: "a", namespace: "claims4")
        _ = try await a.beat(duration: .seconds(60))
        _ = try await a.claim("x", namespace: "claims4", duration: .seconds(3600))
        let b = LeaseClaims(reads: HidingReads(client: other, hidden: "beat-a"), holder: "b", heartbeatNamespace: "claims4", heartbeatName: "beat-b")
        _ = try await b.beat(duration: .seconds(60))
        guard case .heldBy(let holder, _) = try await b.claim("x", namespace: "claims4", duration: .seconds(3600)) else {
            Issue.record("b took a claim whose heartbeat it had not seen"); return
        }
        #expect(holder == "a")
    }

    @Test("two holders claiming the same Leases at once: each claim ends with exactly one holder, in sorted order one holder gets all")
    func concurrentClaims() async throws {
        let sim = try await SimHarness.start()
        let clients = try (0..<2).map { _ in try sim.client(.bearerToken, namespace: "claims5") }
        let caches = clients.map { ClusterCache(client: $0) }
        defer { Task { for c in caches { await c.stop() }; for c in clients { await c.shutdown() }; await sim.stop() } }
        let names = ["a", "b", "c", "d", "e"]
        let results = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for (index, cache) in caches.enumerated() {
                let claims = Self.claims(cache, holder: "h\(index)", namespace: "claims5")
                group.addTask {
                    _ = try await claims.beat(duration: .seconds(60))
                    for name in names {
                        if case .heldBy = try await claims.claim(name, namespace: "claims5", duration: .seconds(3600)) { return (claims.holder, false) }
                    }
                    return (claims.holder, true)
                }
            }
            return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.values.filter { $0 }.count == 1, "\(results)")
        let winner = try #require(results.first(where: \.value)?.key)
        for name in names { #expect(try await clients[0].lease(name)?.holderIdentity == winner) }
    }
}

/// Reads live, except that one Lease looks absent (a cache that has not seen it yet).
private struct HidingReads: KubeReads {
    let client: KubeClient
    let hidden: String

    func object(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSON? {
        name == hidden ? nil : try await client.getIfPresent(type, namespace: namespace, name: name)
    }

    func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?) async throws(KubeError) -> [JSON] {
        try await LiveReads(client: client).objects(type, namespace: namespace, labelSelector: labelSelector)
    }

    func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?,
                 until: @escaping @Sendable ([JSON]) -> Bool, deadline: ContinuousClock.Instant) async throws(KubeError) -> [JSON] {
        try await objects(type, namespace: namespace, labelSelector: labelSelector)
    }

    func waitFor(_ type: ResourceType, name: String, namespace: String?, until condition: WaitCondition<JSON?>,
                 deadline: ContinuousClock.Instant, describe: @escaping @Sendable (JSON?) -> String) async throws(KubeError) -> JSON? {
        try await LiveReads(client: client).waitFor(type, name: name, namespace: namespace, until: condition, deadline: deadline, describe: describe)
    }
}
