import Foundation
import Testing

/// `tandem release rollback <id>` with the real binary against `tandem sim serve`.
@Suite("release rollback end to end (real binary, simulated cluster)", .serialized)
struct RollbackEndToEndTests {
    /// Starts a release at `version`, approves its checkpoint and resumes it; returns its id.
    func release(_ version: String, _ tandem: TandemBinary) throws -> String {
        let start = try tandem.run(["release", "start", "plan.yaml", "--version", version, "--by", "ci-bot"])
        try #require(start.status == 3, "\(start.output)")
        let id = try tandem.newestRelease()
        try #require(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
        let resume = try tandem.run(["release", "resume", id])
        try #require(resume.status == 0, "\(resume.output)")
        return id
    }

    @Test("rollback of a succeeded 2.0 release (seeded 1.0): a new release back to 1.0 through the checkpoint, Healthy on 1.0, pairs clean")
    func rollbackToSeededVersion() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let released = try release("2.0", tandem)
            #expect(try tandem.loanAppHealthy(on: "2.0"))

            let rollback = try tandem.run(["release", "rollback", released, "--by", "ci-bot"])
            #expect(rollback.status == 3, "\(rollback.output)")
            let id = try tandem.newestRelease()
            #expect(id != released)
            #expect(rollback.output.contains("tandem approve \(id) --checkpoint qa --by <you>"), "\(rollback.output)")
            let record = try #require(try tandem.releases().first)
            #expect(record["rollbackOf"] as? String == released)
            #expect(record["versions"] as? [String: String] == ["backend": "1.0", "frontend": "1.0"])
            #expect(record["state"] as? String == "waiting")
            // At the checkpoint the 1.0 previews are up and live traffic still runs 2.0 (the release went
            // through deploy like any other), and the pairing invariant holds.
            #expect(try tandem.rollouts() == ["my-backend": "Paused docker.io/kostiscodefresh/interest:1.0",
                                              "my-frontend": "Paused docker.io/kostiscodefresh/loan:1.0"],
                    "\((try? tandem.rollouts()) ?? [:])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).status == 0)

            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "bob"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 0, "\(resume.output)")
            #expect(try tandem.loanAppHealthy(on: "1.0"), "\((try? tandem.rollouts()) ?? [:])")
            let pairs = try tandem.run(["pairs", "plan.yaml"])
            #expect(pairs.status == 0 && pairs.output.contains("no mixed pairs"), "\(pairs.output)")
            #expect(try tandem.status(id)["state"] as? String == "succeeded")
            #expect(try tandem.stepLabels(id).contains("promote frontend"))
            // The original release is untouched: still succeeded, still on record.
            #expect(try tandem.status(released)["state"] as? String == "succeeded")
        }
    }

    @Test("rollback refuses (exit 2, no release recorded): an unknown id, a waiting release, a rolled-back one, one that changed nothing")
    func rollbackRefusals() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let unknown = try tandem.run(["release", "rollback", "r-20261122-000000-dead"])
            #expect(unknown.status == 2 && unknown.output.contains("no release \"r-20261122-000000-dead\""), "\(unknown.output)")

            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let waiting = try tandem.newestRelease()
            let notDone = try tandem.run(["release", "rollback", waiting])
            #expect(notDone.status == 2 && notDone.output.contains("is waiting, not succeeded")
                    && notDone.output.contains("tandem release abort \(waiting)"), "\(notDone.output)")

            #expect(try tandem.run(["reject", waiting, "--checkpoint", "qa", "--by", "alice", "--reason", "no"]).status == 0)
            #expect(try tandem.run(["release", "resume", waiting]).status == 4)
            let rolledBack = try tandem.run(["release", "rollback", waiting])
            #expect(rolledBack.status == 2 && rolledBack.output.contains("is rolled-back, not succeeded"), "\(rolledBack.output)")

            // 1.0 runs already: the release succeeds with nothing to change, and there is nothing to undo.
            let noop = try tandem.run(["release", "start", "plan.yaml", "--version", "1.0", "--by", "ci-bot"])
            #expect(noop.status == 0 && noop.output.contains("nothing to change"), "\(noop.output)")
            let unchanged = try tandem.newestRelease()
            let nothing = try tandem.run(["release", "rollback", unchanged])
            #expect(nothing.status == 2 && nothing.output.contains("nothing to roll back"), "\(nothing.output)")

            // None of the refusals recorded a release or touched the cluster.
            #expect(try tandem.releases().count == 2)
            #expect(try tandem.loanAppHealthy(on: "1.0"))
        }
    }

    @Test("rollback of the newer of two releases returns to the older one's versions")
    func rollbackToPreviousRelease() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            _ = try release("2.0", tandem)
            let third = try release("3.0", tandem)
            #expect(try tandem.run(["release", "rollback", third, "--by", "ci-bot"]).status == 3)
            let id = try tandem.newestRelease()
            #expect(try tandem.releases().first?["versions"] as? [String: String] == ["backend": "2.0", "frontend": "2.0"])
            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            #expect(try tandem.run(["release", "resume", id]).status == 0)
            #expect(try tandem.loanAppHealthy(on: "2.0"), "\((try? tandem.rollouts()) ?? [:])")
            #expect(try tandem.run(["pairs", "plan.yaml"]).status == 0)
        }
    }
}
