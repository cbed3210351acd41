import Foundation
import HTTPTypes
import Hummingbird
import TandemStore

/// `GET /api/releases/{id}/events`: server-sent events. Each event's `id:` is the store's event id, so a
/// reconnecting client (`Last-Event-ID`) continues where it stopped. The stream polls the store every
/// `ssePoll`, sends a `: heartbeat` comment every `sseHeartbeat`, and ends with `event: end` once the
/// release has finished and every event was sent.
struct EventStream: Sendable {
    let env: ServerEnvironment

    func response(releaseID: String, request: Request) async throws -> Response {
        _ = try await env.store.release(releaseID)  // 404 before the stream starts
        let start = Self.lastEventID(request)
        let store = env.store, poll = env.ssePoll, heartbeat = env.sseHeartbeat
        let body = ResponseBody { writer in
            var last = start
            let clock = ContinuousClock()
            var lastWrite = clock.now
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            while !Task.isCancelled {
                let finished = try await store.release(releaseID).state.isTerminal
                let events = try await store.eventViews(of: releaseID, after: last, limit: 500)
                if !events.isEmpty {
                    var text = ""
                    for event in events { text += try Self.frame(event); last = event.id }
                    try await writer.write(ByteBuffer(string: text))
                    lastWrite = clock.now
                    continue
                }
                if finished {
                    try await writer.write(ByteBuffer(string: "event: end\ndata: {}\n\n"))
                    break
                }
                if clock.now - lastWrite >= heartbeat {
                    try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    lastWrite = clock.now
                }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    /// One SSE frame: `id:`, `event:` (the event kind) and `data:` (the event as JSON on one line).
    static func frame(_ event: EventView) throws -> String {
        let json = try TandemJSON.string(event)
        return "id: \(event.id)\nevent: \(event.kind)\ndata: \(json)\n\n"
    }

    /// `Last-Event-ID` header, else the `lastEventId` query parameter, else 0.
    static func lastEventID(_ request: Request) -> Int64 {
        if let name = HTTPTypes.HTTPField.Name("Last-Event-ID"), let value = request.headers[name], let id = Int64(value) { return id }
        if let value = request.uri.queryParameters.get("lastEventId"), let id = Int64(value) { return id }
        return 0
    }
}
