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
                // Argo CD pruned nothing a revision in history reads; collect-garbage left nothing no revision reads.
                let configMaps = try world.generatedConfigMaps()
                #expect(configMaps.live == configMaps.referenced, "\(configMaps)")
                let pinned = try world.pinnedServices()
                #expect(pinned.live == pinned.named, "\(pinned)")
                // git holds only the pinned Service the frontend's literal names now.
                #expect(try world.pinnedFiles() == [(try world.tandem.frontendBackendHost()) + ".yaml"])
                base = try #require(commits.last).sha
            }
            #expect(try GitTool.run(world.tree, ["status", "--porcelain"]).isEmpty)
        }
    }

    @Test("a release of the backend alone (--set backend=2.1): the frontend joins only to be re-pinned; its commit keeps its image and points its literal at the new backend revision")
    func consumerJoinsWithoutATagOfItsOwn() throws {
        try GitOpsWorld.with { world in
            _ = try world.release("2.0")
            let base = try world.remoteHead()
            let watcher = PairsWatcher(world)
            let start = try world.tandem(["release", "start", GitOpsWorld.planFile, "--set", "backend=2.1", "--by", "ci-bot"])
            let id = try world.tandem.newestRelease()
            let approve = try world.tandem(["approve", id, "--checkpoint", "qa", "--by", "alice"])
            let resume = try world.tandem(["release", "resume", id])
            let watched = watcher.stop()
            try #require(start.status == 3, "\(start.output)")
            #expect(approve.status == 0, "\(approve.output)")
            #expect(resume.status == 0, "\(resume.output)")
            // The re-pinned frontend keeps its tag (2.0) and calls backend 2.1: paired by revision, never MIXED.
            #expect(watched.observations >= 3, "tandem pairs ran only \(watched.observations) times")
            #expect(watched.unclean.isEmpty, "tandem pairs during the release: \(watched.unclean)")
            let pairs = try world.pairs()
            #expect(pairs.status == 0 && pairs.verdicts == ["ok"], "\(pairs.text)")

            let commits = try world.remoteCommits(after: base)
            #expect(commits.map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend 2.1",
                                               "tandem: loan-app release \(id) wave 2: frontend (re-pinned)"], "\(commits)")
            let rendered = try world.rendered()
            #expect(rendered["my-frontend"]?.image == "docker.io/kostiscodefresh/loan:2.0")
            #expect(try world.live() == rendered)
            #expect(try world.tandem.rollouts() == ["my-backend": "Healthy docker.io/kostiscodefresh/interest:2.1",
                                                    "my-frontend": "Healthy docker.io/kostiscodefresh/loan:2.0"])
            let backendHash = try world.kubectl(["get", "rollout", "my-backend", "-n", "legacy", "-o", "jsonpath={.status.stableRS}"])
            #expect(try world.tandem.frontendBackendHost() == "backend-\(backendHash)")
            #expect(try world.applicationsSettled(), world.applicationsText)
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
            expected = try world.remoteCommits().map { try Self.comparable($0, id: id, in: world) }
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
            #expect(try commits.map { try Self.comparable($0, id: id, in: world) } == expected, "\(commits)")
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.tandem.loanAppHealthy(on: "2.0"))
            #expect(try world.applicationsSettled(), world.applicationsText)
            #expect(try GitTool.run(world.tree, ["status", "--porcelain"]).isEmpty)
            #expect(try GitTool.head(world.tree) == (try world.remoteHead()))
        }
    }

    @Test("kill -9 after the second wave's commit, before its push, then release abort: that commit is dropped, never pushed; only the first wave is reverted (exit 4)")
    func abortAfterCrashBeforePushDropsTheUnpushedCommit() throws {
        try GitOpsWorld.with { world in
            let start = try world.start("2.0", extra: ["TANDEM_TEST_CRASH_BEFORE_PUSH": "2"])
            try #require(start.status == SIGKILL, "\(start.output)")
            let id = try world.tandem.newestRelease()
            #expect(try GitTool.run(world.tree, ["log", "-1", "--format=%(trailers:key=Tandem-Wave,valueonly)"])
                .trimmingCharacters(in: .whitespacesAndNewlines) == "2", "the wave 2 commit is made locally")

            let abort = try world.tandem(["release", "abort", id, "--by", "alice", "--reason", "stop"])
            #expect(abort.status == 4, "\(abort.output)")
            let commits = try world.remoteCommits()
            #expect(commits.map(\.subject) == ["tandem: loan-app release \(id) wave 1: backend 2.0",
                                               "tandem: loan-app release \(id) rolled back"], "\(commits)")
            #expect(!(try GitTool.run(world.remote, ["log", "--all", "--format=%(trailers:key=Tandem-Wave,valueonly)"])).contains("2"),
                    "the unpushed wave never reaches the remote")
            #expect(try GitTool.head(world.tree) == (try world.remoteHead()))
            #expect(try world.tandem.loanAppHealthy(on: "1.0"))
            #expect(try world.live() == (try world.rendered()))
            #expect(try world.applicationsSettled(), world.applicationsText)
        }
    }

    /// What two runs of the same release share: subject, trailers and the change (the id replaced: the
    /// generated ConfigMap and the pinned Services record the release; blob ids left out).
    static func comparable(_ commit: GitOpsWorld.Commit, id: String, in world: GitOpsWorld) throws -> String {
        let patch = try GitTool.run(world.remote, ["show", "--format=", commit.sha]).split(separator: "\n")
            .filter { !$0.hasPrefix("index ") }.joined(separator: "\n").replacingOccurrences(of: id, with: "<id>")
        return "\(commit.subject.replacingOccurrences(of: id, with: "<id>")) | release \(commit.release == id ? "<id>" : commit.release) "
            + "| wave \(commit.wave) | revert \(commit.revert) | change:\n\(patch)"
    }
}
