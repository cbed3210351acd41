import Foundation
import Synchronization
import TandemKubeModel

/// Serialized watch lines shared by all watchers: each event is encoded once, not once per watcher.
/// Keyed by type and resourceVersion (unique per event in this store); bounded.
final class EventLineCache: Sendable {
    private let lines = Mutex<[String: Data]>([:])
    private let capacity: Int

    init(capacity: Int = 4096) { self.capacity = capacity }

    func line(_ event: WatchEvent) -> Data {
        let key = "\(event.resource.qualifiedName)/\(event.object.resourceVersion ?? "")/\(event.kind.rawValue)"
        if let cached = lines.withLock({ $0[key] }) { return cached }
        let data = APIHandler.eventLine(event.kind.rawValue, event.object)
        lines.withLock { map in
            if map.count >= capacity { map.removeAll(keepingCapacity: true) }
            map[key] = data
        }
        return data
    }
}
