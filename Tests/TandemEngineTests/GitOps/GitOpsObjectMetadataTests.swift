import Testing
@testable import TandemEngine

/// The annotations tandem commits for Argo CD, merged into the option lists a manifest already has,
/// and how the preflight reads an Application's targetRevision against the branch tandem commits to.
@Suite("GitOps object metadata and target revisions")
struct GitOpsObjectMetadataTests {
    @Test("an option joins the comma list once; a Prune= already there is replaced; spaces are trimmed", arguments: [
        (nil as String?, "Prune=false", "Prune=false"),
        ("", "Prune=false", "Prune=false"),
        ("Replace=true", "Prune=false", "Replace=true,Prune=false"),
        ("Replace=true, Prune=confirm", "Prune=false", "Replace=true,Prune=false"),
        ("Prune=false", "Prune=false", "Prune=false"),
        ("ServerSideDiff=true", "IgnoreExtraneous", "ServerSideDiff=true,IgnoreExtraneous"),
        ("IgnoreExtraneous", "IgnoreExtraneous", "IgnoreExtraneous"),
    ])
    func merged(list: String?, option: String, result: String) {
        #expect(GitOpsObjectMetadata.merged(option, into: list) == result)
    }

    @Test("the generated ConfigMap records the release and, per pinned key, its release and revision; the Argo CD options last")
    func generatorAnnotations() {
        let annotations = GitOpsObjectMetadata.generatorAnnotations(releaseID: "r-7", paired: ["BACKEND_HOST": "5c4b3a291"]) {
            $0 == GitOpsObjectMetadata.syncOptions ? "Replace=true" : nil
        }
        #expect(annotations.map(\.key) == ["tandem.dev/paired-releases", "tandem.dev/paired-revisions", "tandem.dev/release",
                                           "argocd.argoproj.io/sync-options", "argocd.argoproj.io/compare-options"])
        #expect(annotations.map(\.value) == [#"{"BACKEND_HOST":"r-7"}"#, #"{"BACKEND_HOST":"5c4b3a291"}"#, "r-7",
                                             "Replace=true,Prune=false", "IgnoreExtraneous"])
    }

    @Test("targetRevision follows the branch: its name or refs/heads/<name>; HEAD or empty only when it is the default branch", arguments: [
        ("main", "main", true), ("refs/heads/main", "main", true), ("HEAD", "main", true), ("", "main", true),
        ("release", "main", false), ("v1.0", "main", false), ("3f2a9c1b7d4e", "main", false),
        ("HEAD", "release", false), ("", "release", false), ("release", "release", true),
    ])
    func targetRevision(revision: String, branch: String, follows: Bool) {
        #expect(GitOpsApplicationCheck.TargetBranch(name: branch, defaultBranch: "main").isFollowed(by: revision) == follows)
    }

    @Test("HEAD is given the benefit of the doubt when the default branch could not be learned")
    func unknownDefaultBranch() {
        #expect(GitOpsApplicationCheck.TargetBranch(name: "release", defaultBranch: nil).isFollowed(by: "HEAD"))
        #expect(!GitOpsApplicationCheck.TargetBranch(name: "release", defaultBranch: nil).isFollowed(by: "main"))
    }
}
