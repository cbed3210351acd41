import GRDB

/// The schema. Migrations are named strings; once a migration has shipped, never edit it — add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("2026-11-22 releases, steps, checkpoints, approvals") { db in
            try db.create(table: "releases") { t in
                t.primaryKey("id", .text)
                t.column("plan", .text).notNull()
                t.column("namespace", .text).notNull()
                t.column("planHash", .text).notNull()
                t.column("planContent", .text).notNull()
                t.column("planPath", .text)
                t.column("planCommit", .text)
                t.column("versions", .jsonText).notNull()
                t.column("state", .text).notNull()
                t.column("startedBy", .text).notNull()
                t.column("startedBySource", .text)
                t.column("rollbackOf", .text)
                t.column("message", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
            }
            try db.create(index: "releases_on_createdAt", on: "releases", columns: ["createdAt"])
            try db.create(index: "releases_on_plan", on: "releases", columns: ["plan", "namespace", "createdAt"])

            try db.create(table: "steps") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("releaseID", .text).notNull().indexed().references("releases", onDelete: .cascade)
                t.column("ordinal", .integer).notNull()
                t.column("kind", .text).notNull()
                t.column("service", .text)
                t.column("wave", .integer)
                t.column("checkpoint", .text)
                t.column("state", .text).notNull()
                t.column("attempt", .integer).notNull().defaults(to: 0)
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
                t.column("detail", .jsonText)
                t.column("error", .text)
                t.uniqueKey(["releaseID", "ordinal"])
            }

            try db.create(table: "checkpoints") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("releaseID", .text).notNull().indexed().references("releases", onDelete: .cascade)
                t.column("name", .text).notNull()
                t.column("state", .text).notNull()
                t.column("requiredApprovals", .integer).notNull()
                t.column("approvers", .jsonText).notNull()
                t.column("allowSelfApproval", .boolean).notNull()
                t.column("reachedAt", .datetime)
                t.column("decidedAt", .datetime)
                t.uniqueKey(["releaseID", "name"])
            }

            try db.create(table: "approvals") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("releaseID", .text).notNull().indexed().references("releases", onDelete: .cascade)
                t.column("checkpoint", .text).notNull()
                t.column("verdict", .text).notNull()
                t.column("by", .text).notNull()
                t.column("byKey", .text).notNull()
                t.column("source", .text).notNull()
                t.column("comment", .text)
                t.column("planHash", .text).notNull()
                t.column("at", .datetime).notNull()
                // The last guard against double counting: one decision of each kind per person.
                t.uniqueKey(["releaseID", "checkpoint", "byKey", "verdict"])
            }
            try appendOnly(db, table: "approvals")
        }

        migrator.registerMigration("2026-11-22 events") { db in
            try db.create(table: "events") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("releaseID", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("service", .text)
                t.column("step", .integer)
                t.column("actor", .text)
                t.column("message", .text).notNull()
                t.column("data", .jsonText)
            }
            try db.create(index: "events_on_releaseID", on: "events", columns: ["releaseID", "id"])
            try appendOnly(db, table: "events")
        }

        migrator.registerMigration("2026-11-22 locks") { db in
            try db.create(table: "locks") { t in
                t.primaryKey("key", .text)
                t.column("releaseID", .text).notNull()
                t.column("host", .text).notNull()
                t.column("pid", .integer).notNull()
                t.column("acquiredAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("2026-11-22 notification outbox") { db in
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("releaseID", .text)
                t.column("url", .text).notNull()
                t.column("event", .text).notNull()
                t.column("body", .text).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                // NULL once delivered or given up.
                t.column("nextAttemptAt", .datetime)
                t.column("deliveredAt", .datetime)
                t.column("lastError", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(index: "outbox_on_nextAttemptAt", on: "outbox", columns: ["nextAttemptAt"])
        }

        migrator.registerMigration("2026-11-22 server-driven releases, notification dedup keys") { db in
            // NULL: driven by the CLI (start/resume/abort); "server": submitted to and driven by `tandem serve`.
            try db.alter(table: "releases") { t in t.add(column: "driver", .text) }
            // NULL: no deduplication; otherwise one outbox row per key (release, event, checkpoint, URL).
            try db.alter(table: "outbox") { t in t.add(column: "dedupKey", .text) }
            try db.create(index: "outbox_on_dedupKey", on: "outbox", columns: ["dedupKey"], unique: true)
            try db.create(index: "releases_on_driver", on: "releases", columns: ["driver", "state"])
        }

        migrator.registerMigration("2026-12-01 revoked dashboard sessions") { db in
            // A signed-out session (key chosen by the server, never the cookie itself), refused until it expires.
            try db.create(table: "revokedSession") { t in
                t.primaryKey("key", .text)
                t.column("expiresAt", .datetime).notNull()
            }
        }

        migrator.registerMigration("2026-12-01 progress of running steps") { db in
            // What a running step waits for and how far it is, rewritten once per progress interval.
            try db.alter(table: "steps") { t in
                t.add(column: "progress", .text)
                t.add(column: "progressAt", .datetime)
            }
        }

        migrator.registerMigration("2026-12-02 release environments and promotions") { db in
            // NULL environment: a plan without spec.environments. promotedFrom: the release whose versions
            // `release promote` carried here. changes: the ServiceNow change numbers linked with --change (JSON list).
            try db.alter(table: "releases") { t in
                t.add(column: "environment", .text)
                t.add(column: "promotedFrom", .text)
                t.add(column: "changes", .jsonText)
            }
            try db.create(index: "releases_on_environment", on: "releases", columns: ["plan", "environment", "state"])
        }
        return migrator
    }

    /// Triggers that abort any UPDATE or DELETE: the table is an audit trail.
    private static func appendOnly(_ db: Database, table: String) throws {
        for operation in ["UPDATE", "DELETE"] {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                BEGIN SELECT RAISE(ABORT, '\(table) are append-only'); END
                """)
        }
    }
}
