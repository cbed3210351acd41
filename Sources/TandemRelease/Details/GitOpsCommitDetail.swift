/// What a `gitops-commit` step records: each service's stable revision before the release (read
/// once, before the first push: what a rollback returns to), then the wave's commit. Recorded
/// before the push with `commit` null when no local commit exists yet.
public struct GitOpsCommitDetail: StepDetail {
    public static let kind = StepKind.gitopsCommit

    public var wave: Int
    /// service → its stable revision before the release.
    public var previousStable: [String: String]
    /// The files the wave's edits changed (when this attempt made the commit).
    public var files: [String]?
    /// The commit's hash; nil (written as null) before one exists.
    public var commit: String?
    /// Whether the commit was pushed (false: the plan's GitOps mode does not push).
    public var pushed: Bool?
    /// The Argo CD Applications synced to the commit.
    public var synced: [String]?

    public init(wave: Int, previousStable: [String: String], files: [String]? = nil, commit: String? = nil,
                pushed: Bool? = nil, synced: [String]? = nil) {
        self.wave = wave
        self.previousStable = previousStable
        self.files = files
        self.commit = commit
        self.pushed = pushed
        self.synced = synced
    }

    enum CodingKeys: String, CodingKey { case wave, previousStable, files, commit, pushed, synced }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wave, forKey: .wave)
        try container.encode(previousStable, forKey: .previousStable)
        try container.encodeIfPresent(files, forKey: .files)
        try container.encode(commit, forKey: .commit)
        try container.encodeIfPresent(pushed, forKey: .pushed)
        try container.encodeIfPresent(synced, forKey: .synced)
    }
}
