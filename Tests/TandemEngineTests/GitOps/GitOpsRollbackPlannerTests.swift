import Testing
import TandemEngine
import TandemStore
import TandemRelease

/// The GitOps rollback order (RollbackPlanner.gitopsPlan): which waves it takes back is what git
/// says was pushed, not which commit steps started.
@Suite("GitOps rollback order")
struct GitOpsRollbackPlannerTests {
    let order = ["frontend", "backend"]
    let commit = StepKind.gitopsCommit

    /// The loan app's GitOps program up to the checkpoint, with the states given (the rest pending).
    func program(_ states: [StepState]) -> [ReleaseSnapshot.Step] {
        let shape: [(StepKind, String?, Int?)] = [(commit, nil, 1), (.deploy, "backend", 1), (.verify, "backend", 1),
                                                   (commit, nil, 2), (.deploy, "frontend", 2), (.verify, "frontend", 2)]
        return shape.enumerated().map { index, step in
            ReleaseSnapshot.Step(ordinal: index, kind: step.0, service: step.1, wave: step.2,
                                 state: index < states.count ? states[index] : .pending)
        }
    }

    @Test("a wave whose commit failed to reach the remote is neither aborted nor waited for; the pushed wave is reverted")
    func unpushedWaveIsNotTakenBack() {
        let steps = program([.succeeded, .succeeded, .succeeded, .failed])
        #expect(RollbackPlanner.plan(steps: steps, consumersFirst: order, gitops: true, publishedWaves: [1])
            == [.abort("backend"), .revertCommits, .restore("backend"), .settleApplications])
        // Without an answer from git, every wave whose commit step started counts.
        #expect(RollbackPlanner.plan(steps: steps, consumersFirst: order, gitops: true)
            == [.abort("frontend"), .abort("backend"), .revertCommits, .restore("frontend"), .restore("backend"), .settleApplications])
    }

    @Test("a commit made but never pushed still gets the revert action (which drops it), and nothing to wait for")
    func onlyAnUnpushedCommit() {
        let steps = program([.running])
        #expect(RollbackPlanner.plan(steps: steps, consumersFirst: order, gitops: true, publishedWaves: []) == [.revertCommits, .settleApplications])
        #expect(RollbackPlanner.plan(steps: program([]), consumersFirst: order, gitops: true, publishedWaves: []) == [])
    }
}
