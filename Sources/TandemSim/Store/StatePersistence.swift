import Foundation
import GRDB
import TandemKubeModel

/// SQLite (GRDB) copy of the store: one row per object plus the resourceVersion counter.
/// The in-memory maps of `ObjectStore` are the source of truth; every write goes through here first.
final class StatePersistence: Sendable {
    private let queue: DatabaseQueue

    struct Row: Sendable {
        let type: ResourceType
        let key: ObjectKey
        let object: JSON
    }

    init(path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var config = Configuration()
        config.label = "tandem-sim-state"
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS objects (
                    resource TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
                    body TEXT NOT NULL, PRIMARY KEY (resource, namespace, name));
                CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                """)
        }
    }

    /// Everything stored plus the last resourceVersion handed out.
    func load() throws -> (rows: [Row], resourceVersion: Int) {
        try queue.read { db in
            let rv = try Int.fetchOne(db, sql: "SELECT value FROM counters WHERE name = 'resourceVersion'") ?? 0
            var rows: [Row] = []
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT resource, namespace, name, body FROM objects") {
                let resource: String = row["resource"]
                guard let type = ResourceType.byQualifiedName(resource) else { continue }
                let body: String = row["body"]
                guard let object = try? JSON.parse(body) else { continue }
                rows.append(Row(type: type, key: ObjectKey(namespace: row["namespace"], name: row["name"]), object: object))
            }
            return (rows, rv)
        }
    }

    /// Upserts (object non-nil) or deletes each row and records the counter, in one transaction.
    func write(_ changes: [(ResourceType, ObjectKey, JSON?)], resourceVersion: Int) throws {
        try queue.write { db in
            for (type, key, object) in changes {
                if let object {
                    try db.execute(sql: "INSERT OR REPLACE INTO objects (resource, namespace, name, body) VALUES (?, ?, ?, ?)",
                                   arguments: [type.qualifiedName, key.namespace, key.name, object.serializedString()])
                } else {
                    try db.execute(sql: "DELETE FROM objects WHERE resource = ? AND namespace = ? AND name = ?",
                                   arguments: [type.qualifiedName, key.namespace, key.name])
                }
            }
            try db.execute(sql: "INSERT OR REPLACE INTO counters (name, value) VALUES ('resourceVersion', ?)",
                           arguments: [resourceVersion])
        }
    }
}
