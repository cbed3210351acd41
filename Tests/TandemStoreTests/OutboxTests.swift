import Foundation
import Testing
import TandemStore

@Suite("Notification outbox")
struct OutboxTests {
    let clock = ManualClock()

    @Test("a due notification is claimed once, then delivered")
    func deliver() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let queued = try await store.enqueueNotification(url: "https://hooks.example/x", event: "checkpoint.waiting", body: "{}")
        let claimed = try await store.claimDueNotifications(lease: 30)
        #expect(claimed.map(\.id) == [queued.id] && claimed[0].attempts == 1)
        #expect(try await store.claimDueNotifications().isEmpty)  // leased
        try await store.markNotificationDelivered(queued.id!)
        clock.advance(3600)
        #expect(try await store.claimDueNotifications().isEmpty)
        #expect(try await store.notifications()[0].deliveredAt != nil)
    }

    @Test("a failed delivery is retried after an exponential backoff, then given up")
    func backoff() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        let backoff = OutboxBackoff(initial: 10, factor: 2, maximum: 25, maxAttempts: 4)
        let id = try await store.enqueueNotification(url: "u", event: "e", body: "b").id!
        var delays: [TimeInterval?] = []
        for _ in 0..<4 {
            let claimed = try await store.claimDueNotifications()
            #expect(claimed.count == 1)
            let failed = try await store.markNotificationFailed(id, error: "HTTP 503", backoff: backoff)
            delays.append(failed.nextAttemptAt.map { $0.timeIntervalSince(clock.now) })
            clock.advance(failed.nextAttemptAt.map { $0.timeIntervalSince(clock.now) } ?? 0)
            #expect(failed.lastError == "HTTP 503")
        }
        #expect(delays == [10, 20, 25, nil])
        clock.advance(10_000)
        #expect(try await store.claimDueNotifications().isEmpty)
        #expect(try await store.notifications()[0].attempts == 4)
    }

    @Test("an unknown notification id is an error")
    func unknown() async throws {
        let store = try ReleaseStore.inMemory(now: clock.function)
        #expect(await storeError { try await store.markNotificationDelivered(99) } == .unknownOutboxMessage(id: 99))
    }
}
