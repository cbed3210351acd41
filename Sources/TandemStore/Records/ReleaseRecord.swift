import Foundation
import GRDB
import TandemRelease

/// One release: a snapshot of the plan, the target versions, and its overall state. Table `releases`.
public struct ReleaseRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord, StoredRecord {
    public static let databaseTableName = "releases"

    public var id: String
    /// metadata.name of the plan.
    public var plan: String
    /// spec.namespace of the plan (the lock is per plan and namespace).
    public var namespace: String
    public var planHash: String
    /// The plan file's content as it was when the release started.
    public var planContent: String
    public var planPath: String?
    /// The git commit of the plan when it is in a git repository.
    public var planCommit: String?
    /// service → image tag.
    public var versions: [String: String]
    public var state: ReleaseState
    public var startedBy: String
    public var startedBySource: String?
    /// The release whose versions this one restores (`release rollback`).
    public var rollbackOf: String?
    /// Why the release failed, was rejected or aborted.
    public var message: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?
    /// Which kind of process drives the release: nil for the CLI, `ReleaseDriverKind.server` for `tandem serve`.
    public var driver: String? = nil
    /// The plan's environment this release went to (`--env`); nil for a plan without environments.
    public var environment: String? = nil
    /// The release whose versions `release promote` carried into this environment.
    public var promotedFrom: String? = nil
    /// ServiceNow change numbers linked to the release (`--change`), read by its gates.
    public var changes: [String]? = nil

    public enum Columns {
        public static let id = Column(CodingKeys.id)
        public static let plan = Column(CodingKeys.plan)
        public static let namespace = Column(CodingKeys.namespace)
        public static let state = Column(CodingKeys.state)
        public static let createdAt = Column(CodingKeys.createdAt)
        public static let driver = Column(CodingKeys.driver)
        public static let environment = Column(CodingKeys.environment)
    }
}
