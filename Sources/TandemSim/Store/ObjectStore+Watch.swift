import Foundation
import TandemKubeModel

extension ObjectStore {
    /// Events after `resourceVersion` (nil/""/"0" = from now on; an initial replay is the caller's job).
    /// 410 Gone (APIStatus.gone) when that version is older than the retained event window.
    /// type nil = all types (the controller watches everything).
    public func watch(_ type: ResourceType?, namespace: String?, since resourceVersion: String?)
        throws(APIStatus) -> AsyncStream<WatchEvent>
    {
        var replay: [WatchEvent] = []
        if let text = resourceVersion, !text.isEmpty, text != "0" {
            guard let rv = Int(text) else {
                throw APIStatus.badRequest("invalid resource version \"\(text)\"")
            }
            guard let events = log.since(rv) else {
                throw APIStatus.gone("too old resource version: \(rv) (\(log.floor + 1))")
            }
            replay = events.filter { matches(type, namespace, $0) }
        }
        let (stream, continuation) = AsyncStream.makeStream(of: WatchEvent.self)
        for event in replay { continuation.yield(event) }
        let id = UUID()
        watchers[id] = Watcher(type: type, namespace: namespace, continuation: continuation)
        continuation.onTermination = { [weak self] _ in
            Task { await self?.removeWatcher(id) }
        }
        return stream
    }

    /// Ends every open watch stream (used when the simulator stops).
    public func finishAllWatches() {
        for watcher in watchers.values { watcher.continuation.finish() }
        watchers.removeAll()
    }

    func removeWatcher(_ id: UUID) {
        watchers[id] = nil
    }
}
