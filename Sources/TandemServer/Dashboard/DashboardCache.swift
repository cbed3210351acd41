import Foundation

/// Rendered dashboard pages (templates), one per release and one for the list, each tagged with the newest
/// store event id it reflects. Every change to a release appends an event in the same transaction, so a page
/// is current while no newer event exists: many clients polling an unchanged release cost one render, and
/// concurrent requests that find the same change share one render.
actor DashboardCache {
    private struct Entry {
        var version: Int64
        var generation: Int
        var lastUsed: Int
        var task: Task<PageTemplate, any Error>
    }

    private var entries: [String: Entry] = [:]
    private var clock = 0
    let capacity: Int

    /// At most `capacity` pages (least recently used go first); 0 keeps nothing, so every request renders.
    init(capacity: Int = 256) { self.capacity = capacity }

    /// The event id the cached page of `key` reflects, if there is one.
    func version(of key: String) -> Int64? { entries[key]?.version }

    /// The page of `key` reflecting at least event `version`: the cached one when it is that new (or being
    /// rendered for it), else a new render. A failed render is not kept.
    func template(_ key: String, version: Int64,
                  render: @escaping @Sendable () async throws -> PageTemplate) async throws -> PageTemplate {
        clock += 1
        if var entry = entries[key], entry.version >= version {
            entry.lastUsed = clock
            entries[key] = entry
            return try await entry.task.value
        }
        let task = Task { try await render() }
        let generation = clock
        entries[key] = Entry(version: version, generation: generation, lastUsed: clock, task: task)
        evictIfFull()
        do {
            return try await task.value
        } catch {
            if entries[key]?.generation == generation { entries[key] = nil }
            throw error
        }
    }

    private func evictIfFull() {
        while entries.count > capacity, let oldest = entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
            entries[oldest] = nil
        }
    }
}
