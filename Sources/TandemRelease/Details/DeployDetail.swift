/// What a `deploy` step records: while running, the intent of its Rollout write; once done, the
/// revision it waited for. A rollback after a crash reads `previousStable` back from it.
public struct DeployDetail: StepDetail {
    public static let kind = StepKind.deploy

    /// The pod-template hash of the deployed revision ("" when the Rollout reported none).
    public var revision: String?
    /// The image the service's container runs in that revision ("" when it names none).
    public var image: String?
    /// The versioned ConfigMaps the revision mounts (lockstep consumers; GitOps: every one it references).
    public var configMaps: [String]?
    /// The stable revision before the release: what a rollback restores.
    public var previousStable: String?
    /// Recorded on the running step before the Rollout write.
    public var intent: Intent?

    /// What a deploy is about to write, recorded before the write.
    ///
    /// After `kill -9` between that write and the step's commit, the resumed deploy finds its own new
    /// ReplicaSet already running the target image. Deciding afresh would take that for "this image ran
    /// before" and stamp `tandem.dev/release`: a third revision. The resumed deploy repeats the
    /// recorded decision instead, so its write is the same one and changes nothing.
    public struct Intent: Codable, Sendable, Equatable {
        public var image: String
        /// The stable revision before the release (what a rollback restores).
        public var previousStable: String?
        /// Whether the write stamps `tandem.dev/release` (the image ran in an older ReplicaSet).
        public var freshRevision: Bool

        public init(image: String, previousStable: String?, freshRevision: Bool) {
            self.image = image
            self.previousStable = previousStable
            self.freshRevision = freshRevision
        }
    }

    public init(revision: String? = nil, image: String? = nil, configMaps: [String]? = nil, previousStable: String? = nil,
                intent: Intent? = nil) {
        self.revision = revision
        self.image = image
        self.configMaps = configMaps
        self.previousStable = previousStable
        self.intent = intent
    }
}
