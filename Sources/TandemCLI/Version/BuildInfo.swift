/// What `tandem version` and `tandem --version` print: the release version and the git commit
/// the binary was built from (`buildCommit` is generated before each build by BuildCommitPlugin).
enum BuildInfo {
    static let version = "0.1.0"
    static let commit = buildCommit

    /// `tandem 0.1.0 (commit 1a2b3c…)`.
    static var description: String { "tandem \(version) (commit \(commit))" }
}
