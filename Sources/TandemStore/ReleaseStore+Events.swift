import Foundation
import GRDB
import TandemRelease

extension ReleaseStore {
    /// Appends an entry to the audit trail (the engine's own events: pinned Services, ConfigMaps, …).
    /// `data` must be JSON text.
    @discardableResult
    public func appendEvent(releaseID: String, kind: EventKind, service: String? = nil, step: Int? = nil,
                            actor: String? = nil, message: String, data: String? = nil) async throws -> EventRecord {
        if let data, JSONValue(text: data) == nil { throw StoreError.invalidJSON(context: "the event data") }
        return try await write { db in
            _ = try fetchRelease(db, releaseID)
            return try appendEvent(db, releaseID: releaseID, kind: kind, service: service, step: step,
                                   actor: actor, message: message, data: data)
        }
    }

    /// Events with an id greater than `after`, oldest first, of one release or of all releases.
    /// Follow a release by passing the last id seen (`release status --watch`, the server's SSE).
    public func events(of releaseID: String? = nil, after: Int64 = 0, limit: Int = 1000) async throws -> [EventRecord] {
        try await writer.read { db in
            var request = EventRecord.filter(EventRecord.Columns.id > after)
            if let releaseID { request = request.filter(EventRecord.Columns.releaseID == releaseID) }
            return try request.order(EventRecord.Columns.id).limit(limit).fetchAll(db)
        }
    }

    /// The id of the newest event (0 when none): where a follower that wants only new events starts.
    public func lastEventID() async throws -> Int64 {
        try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM events") ?? 0 }
    }

    @discardableResult
    func appendEvent(_ db: Database, releaseID: String, kind: EventKind, service: String? = nil, step: Int? = nil,
                     actor: String? = nil, message: String, data: String? = nil) throws -> EventRecord {
        var event = EventRecord(id: nil, releaseID: releaseID, at: now(), kind: kind, service: service, step: step,
                                actor: actor, message: message, data: data)
        try event.insert(db)
        return event
    }
}
