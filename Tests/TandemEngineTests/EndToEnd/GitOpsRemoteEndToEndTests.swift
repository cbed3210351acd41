import Foundation
import Testing
import TandemTestSupport

/// Someone else pushes to the GitOps remote in the middle of a release (issue 13): the release
/// stops at a checkpoint after the backend's wave, the other commit lands, and the frontend's wave
/// must either rebase onto it or, when it changed the same lines, stop with nothing pushed.
@Suite("GitOps release with a remote that moved (real binary, git, kubectl, simulated Argo CD)", .serialized)
struct GitOpsRemoteEndToEndTests {
    static let frontendKustomization = "\(GitOpsWorld.manifests)/frontend/kustomization.yaml"

    /// The release of `version` stopped at the checkpoint after the backend's wave (exit 3) and approved; returns its id.
    static func startToBackendCheckpoint(_ world: GitOpsWorld, _ version: String = "2.0") throws -> String {
        let start = try world.start(version)
        try #require(start.status == 3, "the release should stop after the backend's wave: \(start.output)")
        let id = try world.tandem.newestRelease()
        try #require(try world.remoteCommits().map(\.wave) == ["1"])
        let approve = try world.tandem(["approve", id, "--checkpoint", "qa", "--by", "alice"])
        try #require(approve.status == 0, "\(approve.output)")
        return id
    }

    static func plan() throws -> String { try GitOpsWorld.plan(checkpoint: "deploy:backend") }

    @Test("an unrelated commit on the remote mid-release (another file of the frontend): tandem rebases its wave onto it and pushes; both are on the remote and the release succeeds")
    func unrelatedCommitIsRebasedOnto() throws {
        try GitOpsWorld.with(plan: try Self.plan()) { world in
            let id = try Self.startToBackendCheckpoint(world)
            let services = "\(GitOpsWorld.manifests)/frontend/services.yaml"
            let other = try world.pushOtherCommit("frontend: document the Services", [
                services: { "# The frontend's active and preview Services (owned by the web team).\n" + ($0 ?? "") }])

            let resume = try world.tandem(["release", "resume", id])
            #expect(resume.status == 0, "\(resume.output)")
            let commits = try world.remoteCommits()
            #expect(commits.map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend 2.0", "frontend: document the Services",
                                               "tandem: loan-app release \(id) wave 2: frontend 2.0"], "\(commits)")
            #expect(commits[1].sha == other)
            #expect(try GitTool.head(world.remote, "main~1") == other, "the wave must be rebased onto the other commit")
            let kept = try GitTool.run(world.remote, ["show", "main:\(services)"])
            #expect(kept.hasPrefix("# The frontend's active and preview Services (owned by the web team).\n"))
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.tandem.loanAppHealthy(on: "2.0"))
            #expect(try world.applicationsSettled(), world.applicationsText)
            #expect(try GitTool.head(world.tree) == (try world.remoteHead()))
        }
    }

    @Test("a commit on the same lines mid-release: exit 1 naming the file and what to do, nothing of the wave pushed, the release left resumable; once the conflict is gone, resume finishes it")
    func conflictingCommitStopsTheRelease() throws {
        try GitOpsWorld.with(plan: try Self.plan()) { world in
            let id = try Self.startToBackendCheckpoint(world)
            let other = try world.pushOtherCommit("frontend 1.5", [
                Self.frontendKustomization: { ($0 ?? "").replacingOccurrences(of: "newTag: '1.0'", with: "newTag: '1.5'") }])

            let resume = try world.tandem(["release", "resume", id])
            #expect(resume.status == 1, "a push conflict is exit 1: \(resume.output)")
            #expect(resume.output.contains(Self.frontendKustomization), "\(resume.output)")
            #expect(resume.output.contains("Nothing of wave 2 was pushed"), "\(resume.output)")
            #expect(resume.output.contains("tandem release resume \(id)") && resume.output.contains("tandem release abort \(id)"),
                    "\(resume.output)")
            #expect(!resume.output.contains("rolled back"), "\(resume.output)")
            #expect(try world.remoteCommits().map(\.sha).last == other)
            #expect(try world.remoteCommits().map(\.wave) == ["1", ""], "nothing of wave 2 may reach the remote")
            #expect(try GitTool.run(world.tree, ["status", "--porcelain"]).isEmpty, "the work tree keeps no half-made wave")
            #expect(try GitTool.run(world.tree, ["log", "--format=%(trailers:key=Tandem-Wave,valueonly)", "-1"])
                .trimmingCharacters(in: .whitespacesAndNewlines) == "1")

            let status = try world.tandem.status(id)
            #expect(status["state"] as? String == "running", "\(status)")
            let steps = status["steps"] as? [[String: Any]] ?? []
            let commitSteps = steps.filter { $0["kind"] as? String == "gitops-commit" }
            #expect(commitSteps.map { $0["state"] as? String } == ["succeeded", "pending"], "\(commitSteps)")
            #expect((commitSteps.last?["error"] as? String)?.contains(Self.frontendKustomization) == true, "\(commitSteps)")

            // The other person takes their change back; the same release goes on from its second wave.
            try world.pushOtherCommit("frontend back to 1.0", [
                Self.frontendKustomization: { ($0 ?? "").replacingOccurrences(of: "newTag: '1.5'", with: "newTag: '1.0'") }])
            let again = try world.tandem(["release", "resume", id])
            #expect(again.status == 0, "\(again.output)")
            #expect(try world.remoteCommits().map(\.wave) == ["1", "", "", "2"])
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.tandem.loanAppHealthy(on: "2.0"))
            #expect(try world.applicationsSettled(), world.applicationsText)
        }
    }

    @Test("a commit on the same lines mid-release, then release abort: only the pushed wave is reverted, the other commit stays, the backend is back on 1.0 (exit 4)")
    func conflictThenAbortRevertsOnlyThePushedWave() throws {
        try GitOpsWorld.with(plan: try Self.plan()) { world in
            let id = try Self.startToBackendCheckpoint(world)
            try world.pushOtherCommit("frontend greeting", [
                Self.frontendKustomization: { ($0 ?? "").replacingOccurrences(of: "newTag: '1.0'", with: "newTag: '1.0' # pinned by web team") }])
            #expect(try world.tandem(["release", "resume", id]).status == 1)

            let abort = try world.tandem(["release", "abort", id, "--by", "alice", "--reason", "someone else owns the frontend today"])
            #expect(abort.status == 4, "\(abort.output)")
            let commits = try world.remoteCommits()
            #expect(commits.map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend 2.0", "frontend greeting",
                                               "tandem: loan-app release \(id) rolled back"], "\(commits)")
            #expect(try world.tandem.loanAppHealthy(on: "1.0"))
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.applicationsSettled(), world.applicationsText)
        }
    }
}
