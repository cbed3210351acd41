import Foundation
import TandemKubeModel

extension APIHandler {
    /// A chunked stream of `{"type":…,"object":…}` lines. Without a resourceVersion (or "0") it starts
    /// with synthetic ADDED events for what exists; a too-old one yields a single ERROR event (410).
    func watch(_ type: ResourceType, _ namespace: String?, _ request: APIRequest) async throws -> APIResponse {
        let filter = try ListFilter(request.query)
        let table = TableFormatter.wantsTable(request.headers["accept"])
        let since = request.query["resourceVersion"] ?? ""
        let timeout = request.query["timeoutSeconds"].flatMap(Int.init).map { max(1, $0) } ?? 1800
        let limit = request.watchEventLimit
        let opened: (initial: [JSON], events: AsyncStream<WatchEvent>)
        do {
            opened = try await openWatch(type, namespace, filter, since)
        } catch {
            guard error.code == 410 else { throw error }
            let line = Self.eventLine("ERROR", error.json)
            return APIResponse(status: 200, headers: [("Content-Type", "application/json")],
                               body: .stream(AsyncStream { c in c.yield(line); c.finish() }))
        }
        let initial = opened.initial, events = opened.events
        let now = self.now
        let cache = self.eventLines
        let (output, continuation) = AsyncStream.makeStream(of: Data.self)
        let producer = Task {
            var budget = limit ?? Int.max
            let line: @Sendable (String, JSON) -> Data = { kind, object in
                Self.eventLine(kind, table ? TableFormatter.table(type, [object], resourceVersion: object.resourceVersion, now: now()) : object)
            }
            for object in initial where budget > 0 {
                continuation.yield(line("ADDED", object))
                budget -= 1
            }
            if budget > 0 {
                for await event in events {
                    guard let (kind, object) = filter.project(event) else { continue }
                    let unchanged = kind == event.kind && object == event.object
                    continuation.yield(table || !unchanged ? line(kind.rawValue, object) : cache.line(event))
                    budget -= 1
                    if budget <= 0 { break }
                }
            }
            continuation.finish()
        }
        let timer = Task {
            try? await Task.sleep(for: .seconds(timeout))
            producer.cancel()
            continuation.finish()
        }
        continuation.onTermination = { _ in
            producer.cancel()
            timer.cancel()
        }
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: .stream(output))
    }

    private func openWatch(_ type: ResourceType, _ namespace: String?, _ filter: ListFilter, _ since: String)
        async throws(APIStatus) -> (initial: [JSON], events: AsyncStream<WatchEvent>)
    {
        if since.isEmpty || since == "0" {
            let snapshot = await store.list(type, namespace: namespace, labelSelector: filter.labels, fieldName: filter.name)
            let events = try await store.watch(type, namespace: namespace, since: snapshot.resourceVersion)
            return (snapshot.items.filter(filter.matches), events)
        }
        return ([], try await store.watch(type, namespace: namespace, since: since))
    }

    static func eventLine(_ type: String, _ object: JSON) -> Data {
        var data = JSON.object(["type": .string(type), "object": object]).serialized()
        data.append(0x0A)
        return data
    }
}
