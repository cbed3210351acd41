import Foundation
import Testing
import TandemTestSupport

/// GitOps releases of the loan app end to end (issue 13): the real binary commits to a work tree
/// cloned from a bare remote, the simulator's Argo CD syncs the commits with self-heal on, and git,
/// Argo CD and the cluster must agree at the end of every release.
@Suite("GitOps releases end to end (real binary, git, kubectl, simulated Argo CD)", .serialized)
struct GitOpsReleaseEndToEndTests {
    @Test("three consecutive lockstep releases through git: each leaves its two commits with the trailer, the Rollouts as HEAD renders them, and never a MIXED pair")
    func threeConsecutiveReleases() throws {
        try GitOpsWorld.with { world in
            var base = try world.remoteHead()
            for version in ["2.0", "2.1", "2.2"] {
                let watcher = PairsWatcher(world)
                let id: String
                do {
                    id = try world.release(version)
                } catch {
                    _ = watcher.stop()
                    throw error
                }
                let watched = watcher.stop()
                #expect(watched.observations >= 3, "tandem pairs ran only \(watched.observations) times during release \(version)")
                #expect(watched.unclean.isEmpty, "tandem pairs during release \(version): \(watched.unclean)")

                let commits = try world.remoteCommits(after: base)
                #expect(commits.map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend \(version)",
                                                   "tandem: loan-app release \(id) wave 2: frontend \(version)"], "\(commits)")
                #expect(commits.map(\.release) == [id, id] && commits.map(\.wave) == ["1", "2"], "\(commits)")

                let rendered = try world.rendered()
                #expect(rendered["my-backend"]?.image == "docker.io/kostiscodefresh/interest:\(version)")
                #expect(rendered["my-frontend"]?.image == "docker.io/kostiscodefresh/loan:\(version)")
                #expect(rendered["my-frontend"]?.configMaps.count == 1 && rendered["my-frontend"]?.configMaps.first?.hasPrefix("my-frontend-settings-") == true,
                        "\(String(describing: rendered["my-frontend"]))")
                #expect(try world.live() == rendered)
                #expect(try world.tandem.loanAppHealthy(on: version))
                #expect(try world.applicationsSettled(), world.applicationsText)
                let pairs = try world.pairs()
                #expect(pairs.status == 0 && pairs.mixed == 0 && pairs.verdicts == ["ok"], "\(pairs.text)")
                base = try #require(commits.last).sha
            }
            #expect(try GitTool.run(world.tree, ["status", "--porcelain"]).isEmpty)
        }
    }

    @Test("a rejected release: one revert commit on the remote, HEAD renders 1.0 again, the cluster back on 1.0, every Application Synced and Healthy")
    func rejectedReleaseIsReverted() throws {
        try GitOpsWorld.with { world in
            let before = try world.rendered()
            let start = try world.start("2.0")
            try #require(start.status == 3, "\(start.output)")
            let id = try world.tandem.newestRelease()
            let reject = try world.tandem(["reject", id, "--checkpoint", "qa", "--by", "alice", "--reason", "QA found a bug"])
            #expect(reject.status == 0, "\(reject.output)")
            let resume = try world.tandem(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")

            let commits = try world.remoteCommits()
            #expect(commits.map(\.wave) == ["1", "2", ""], "\(commits)")
            let revert = try #require(commits.last)
            #expect(revert.revert == id && revert.subject == "tandem: loan-app release \(id) rolled back", "\(revert)")
            #expect(revert.tree == (try GitTool.head(world.remote, "\(world.seeded)^{tree}")), "the revert must restore the tree of 1.0 exactly")
            #expect(try world.rendered() == before)
            #expect(try world.live() == before)
            #expect(try world.tandem.loanAppHealthy(on: "1.0"))
            #expect(try world.applicationsSettled(), world.applicationsText)
            let pairs = try world.pairs()
            #expect(pairs.status == 0 && pairs.verdicts == ["ok"], "\(pairs.text)")
        }
    }

    @Test("kill -9 before each push and after each step, then release resume: the same commits as an uninterrupted release, none twice, none lost")
    func crashAfterEveryStepGivesTheSameCommits() throws {
        var expected: [String] = []
        try GitOpsWorld.with { world in
            let id = try world.release("2.0")
            expected = try world.remoteCommits().map { Self.comparable($0, id: id) }
        }
        try #require(expected.count == 2)

        try GitOpsWorld.with { world in
            let first = try world.start("2.0", extra: ["TANDEM_TEST_CRASH_BEFORE_PUSH": "1"])
            try #require(first.status == SIGKILL, "the before-push hook of wave 1 should kill the start: \(first.output)")
            let id = try world.tandem.newestRelease()
            #expect(try world.remoteCommits().isEmpty, "nothing may be pushed before the hook")
            let steps = try world.tandem.stepLabels(id)
            var crashes = 1
            for (ordinal, label) in steps.enumerated() {
                if label == "checkpoint qa" {
                    let waiting = try world.tandem(["release", "resume", id])
                    #expect(waiting.status == 3, "the resume should stop at the checkpoint: \(waiting.output)")
                    #expect(try world.tandem(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
                }
                if label == "gitops-commit", ordinal > 0 {
                    let beforePush = try world.tandem(["release", "resume", id], extra: ["TANDEM_TEST_CRASH_BEFORE_PUSH": "2"])
                    #expect(beforePush.status == SIGKILL, "before the push of wave 2: \(beforePush.output)")
                    crashes += 1
                }
                let resumed = try world.tandem(["release", "resume", id], extra: ["TANDEM_TEST_CRASH_AFTER_STEP": "\(ordinal)"])
                #expect(resumed.status == SIGKILL, "after step \(ordinal) (\(label)): \(resumed.output)")
                crashes += 1
            }
            let last = try world.tandem(["release", "resume", id])
            #expect(last.status == 0, "\(last.output)")
            #expect(crashes == steps.count + 2, "\(steps)")

            let commits = try world.remoteCommits()
            #expect(commits.map { Self.comparable($0, id: id) } == expected, "\(commits)")
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.tandem.loanAppHealthy(on: "2.0"))
            #expect(try world.applicationsSettled(), world.applicationsText)
            #expect(try GitTool.run(world.tree, ["status", "--porcelain"]).isEmpty)
            #expect(try GitTool.head(world.tree) == (try world.remoteHead()))
        }
    }

    /// What two runs of the same release share: subject and trailers (the id replaced) and the tree.
    static func comparable(_ commit: GitOpsWorld.Commit, id: String) -> String {
        "\(commit.subject.replacingOccurrences(of: id, with: "<id>")) | release \(commit.release == id ? "<id>" : commit.release) "
            + "| wave \(commit.wave) | revert \(commit.revert) | tree \(commit.tree)"
    }
}
