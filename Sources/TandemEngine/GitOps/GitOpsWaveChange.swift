import TandemPairing

/// What one deploy wave changes in git, computed before anything is written: the edited files
/// (each with the lines that change), the commit message, and what `kustomize build` of the
/// edited tree must render for each service (the oracle tests and `sync: none` check).
public struct GitOpsWaveChange: Sendable, Hashable {
    public var wave: Int
    /// Services of the wave with their new tags, in plan order.
    public var versions: [ServiceVersion]
    /// Files relative to the work tree root, in the order they were first touched.
    public var files: [GitOpsFileChange]
    public var expected: [GitOpsExpectedRender]
    /// The commit message without trailers (GitRepository adds `Tandem-Release`).
    public var message: String
    /// Dependencies whose pinned Service (and so the consumer's literal) is known only once
    /// their revision exists: a dry run shows `<hash>` for them.
    public var unknownPins: [String] = []

    /// Paths of every file the commit contains.
    public var paths: [String] { files.map(\.path) }
}

public struct ServiceVersion: Sendable, Hashable {
    public var service: String
    public var version: String
    /// The version shown for a consumer that joined the release only to be pinned to its dependency's new revision.
    public static let keepsItsTag = "(re-pinned)"
}

/// One file a wave writes: its text before (nil for a new file) and after (nil for a file it
/// removes), and the changed lines.
public struct GitOpsFileChange: Sendable, Hashable {
    public var path: String
    public var old: String?
    public var new: String?
    /// The lines changed or added (for a new file: none; `new` is the whole file).
    public var edits: [KustomizationEdit]
}

/// What the committed tree must render for one service's Rollout.
public struct GitOpsExpectedRender: Sendable, Hashable {
    public var service: String
    public var rollout: String
    /// `repository:tag` of the service's container; nil when the service keeps the tag it has (a consumer
    /// that joined the release only to be pinned to its dependency's new revision).
    public var image: String?
    /// Generator name → the hash-suffixed ConfigMap name kustomize gives it; nil when it
    /// cannot be known yet (a dry run: the pinned revision's hash comes from the cluster).
    public var configMaps: [String: String?]
}
