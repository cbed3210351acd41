import TandemKubeModel

/// The bounded window of recent events that watches with an old `resourceVersion` replay from.
struct EventLog {
    private(set) var events: [(rv: Int, event: WatchEvent)] = []
    private var start = 0
    let capacity: Int
    /// Events with rv > floor are all retained; a watch from an rv below floor gets 410 Gone.
    private(set) var floor: Int

    init(capacity: Int, floor: Int) {
        self.capacity = capacity
        self.floor = floor
    }

    mutating func append(rv: Int, _ event: WatchEvent) {
        events.append((rv, event))
        if events.count - start > capacity {
            floor = events[start].rv
            start += 1
            if start > capacity {           // compact amortised
                events.removeFirst(start)
                start = 0
            }
        }
    }

    /// Events after `rv`, or nil when that point has fallen out of the window.
    func since(_ rv: Int) -> [WatchEvent]? {
        if rv < floor { return nil }
        var result: [WatchEvent] = []
        var i = events.count - 1
        while i >= start, events[i].rv > rv { i -= 1 }
        var j = i + 1
        while j < events.count { result.append(events[j].event); j += 1 }
        return result
    }
}
