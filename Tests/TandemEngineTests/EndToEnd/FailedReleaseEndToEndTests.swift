import Foundation
import Testing

/// A release whose rollback could not be carried out (`failed`, exit 5), and what may happen after it.
@Suite("failed release end to end (real binary, simulated cluster)", .serialized)
struct FailedReleaseEndToEndTests {
    /// Starts 2.0, rejects it, and resumes with every Rollout write failing: exit 5. Returns the release id.
    func failedRelease(_ tandem: TandemBinary) throws -> String {
        let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
        try #require(start.status == 3, "\(start.output)")
        let id = try tandem.newestRelease()
        try #require(try tandem.run(["reject", id, "--checkpoint", "qa", "--by", "alice", "--reason", "broken"]).status == 0)
        try tandem.failEveryRolloutWrite()
        let resume = try tandem.run(["release", "resume", id])
        try #require(resume.status == 5, "\(resume.output)")
        #expect(resume.output.contains("run `tandem release abort \(id)` to retry the rollback"), "\(resume.output)")
        try tandem.clearFaults()
        // Left behind: both Rollouts on their 2.0 previews, tandem's versioned ConfigMap and pinned Service.
        #expect(try tandem.rollouts() == ["my-backend": "Paused docker.io/kostiscodefresh/interest:2.0",
                                          "my-frontend": "Paused docker.io/kostiscodefresh/loan:2.0"],
                "\((try? tandem.rollouts()) ?? [:])")
        #expect(!(try tandem.tandemLeftovers()).isEmpty)
        return id
    }

    @Test("release abort of a failed release, after the faults are cleared, carries the rollback out: exit 4, 1.0 live, nothing of tandem left")
    func abortFinishesTheRollback() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let id = try failedRelease(tandem)
            let rollback = try tandem.run(["release", "rollback", id])
            #expect(rollback.status == 2 && rollback.output.contains("its rollback is incomplete")
                    && rollback.output.contains("run `tandem release abort \(id)` to finish that rollback"), "\(rollback.output)")

            let abort = try tandem.run(["release", "abort", id, "--by", "carol"])
            #expect(abort.status == 4, "\(abort.output)")
            #expect(try tandem.status(id)["state"] as? String == "rolled-back")
            #expect(try tandem.loanAppHealthy(on: "1.0"), "\((try? tandem.rollouts()) ?? [:])")
            #expect(try tandem.activeServiceVersions() == ["backend-active": "1.0", "frontend-active": "1.0"])
            #expect(try tandem.tandemLeftovers().isEmpty, "\((try? tandem.tandemLeftovers()) ?? "")")
            let log = try tandem.run(["release", "log", id]).output
            #expect(log.contains("carol retries the incomplete rollback"), "\(log)")
            let pairs = try tandem.run(["pairs", "plan.yaml"])
            #expect(pairs.status == 0, "\(pairs.output)")
        }
    }

    @Test("after a failed release, starting its version again deploys it (exit 3), not 'already runs … nothing to change'")
    func noFalseSuccessOnAbandonedPreviews() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let failed = try failedRelease(tandem)
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            #expect(!start.output.contains("nothing to change") && !start.output.contains("already runs"), "\(start.output)")
            let id = try tandem.newestRelease()
            #expect(id != failed)
            #expect(try tandem.stepLabels(id).contains("deploy backend"))
            // Live traffic still answers 1.0 until the new release is approved and promoted.
            #expect(try tandem.activeServiceVersions() == ["backend-active": "1.0", "frontend-active": "1.0"])

            // The failed release cannot be retried while the new one holds its Rollouts.
            let resume = try tandem.run(["release", "resume", failed])
            #expect(resume.status == 6, "\(resume.output)")
            #expect(resume.output.contains("Rollout legacy/my-backend is held by release \(id)"), "\(resume.output)")
        }
    }

    @Test("release resume of a failed release retries its rollback like abort: exit 4, 1.0 live, nothing of tandem left")
    func resumeFinishesTheRollback() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let id = try failedRelease(tandem)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")
            #expect(try tandem.loanAppHealthy(on: "1.0"), "\((try? tandem.rollouts()) ?? [:])")
            #expect(try tandem.activeServiceVersions() == ["backend-active": "1.0", "frontend-active": "1.0"])
            #expect(try tandem.tandemLeftovers().isEmpty, "\((try? tandem.tandemLeftovers()) ?? "")")
        }
    }
}
