import Foundation
import Testing

/// The error paths of `tandem approve`/`reject` (issue #6) and the plan's HTTP verify, with the real binary.
@Suite("approval errors and HTTP verify end to end (real binary, simulated cluster)", .serialized)
struct DecisionErrorsEndToEndTests {
    @Test("approving an unknown release exits 2 and says how to find the releases")
    func approveUnknownRelease() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let result = try tandem.run(["approve", "r-20261122-000000-dead", "--checkpoint", "qa", "--by", "alice"])
            #expect(result.status == 2, "\(result.output)")
            #expect(result.output.contains("no release \"r-20261122-000000-dead\"") && result.output.contains("tandem release list"),
                    "\(result.output)")
            let reject = try tandem.run(["reject", "nope", "--by", "alice", "--reason", "x"])
            #expect(reject.status == 2 && reject.output.contains("no release \"nope\""), "\(reject.output)")
        }
    }

    @Test("approving twice, a decided checkpoint, a rejected one and a finished release: clear errors, nothing recorded twice")
    func approveTwiceAndDecided() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml(approvals: 2)) { tandem in
            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let id = try tandem.newestRelease()
            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"]).status == 0)
            let twice = try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"])
            #expect(twice.status == 1, "\(twice.output)")
            #expect(twice.output.contains("alice already approved checkpoint \"qa\"") && twice.output.contains("1 of 2"), "\(twice.output)")

            #expect(try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "bob"]).status == 0)
            let decided = try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "carol"])
            #expect(decided.status == 1, "\(decided.output)")
            #expect(decided.output.contains("is already approved by alice, bob"), "\(decided.output)")
            let lateReject = try tandem.run(["reject", id, "--checkpoint", "qa", "--by", "carol", "--reason", "late"])
            #expect(lateReject.status == 1 && lateReject.output.contains("already approved"), "\(lateReject.output)")
            let checkpoint = (try tandem.status(id)["checkpoints"] as? [[String: Any]])?.first
            #expect((checkpoint?["approvals"] as? [[String: Any]])?.count == 2, "\(String(describing: checkpoint))")

            #expect(try tandem.run(["release", "resume", id]).status == 0)
            let finished = try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "carol"])
            #expect(finished.status == 1 && finished.output.contains("already approved"), "\(finished.output)")
            let noCheckpoint = try tandem.run(["approve", id, "--by", "carol"])
            #expect(noCheckpoint.status == 1 && noCheckpoint.output.contains("has finished (succeeded)"), "\(noCheckpoint.output)")

            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "3.0", "--by", "ci-bot"]).status == 3)
            let rejected = try tandem.newestRelease()
            #expect(try tandem.run(["reject", rejected, "--checkpoint", "qa", "--by", "alice", "--reason", "broken"]).status == 0)
            let afterReject = try tandem.run(["approve", rejected, "--checkpoint", "qa", "--by", "bob"])
            #expect(afterReject.status == 1 && afterReject.output.contains("was already rejected by alice"), "\(afterReject.output)")
            #expect(try tandem.run(["release", "resume", rejected]).status == 4)
        }
    }

    @Test("verify honours expectStatus for a non-2xx status: a backend answering 404 passes `expectStatus: 404`")
    func verifyExpectsNotFound() throws {
        let plan = LoanAppPlan.yaml(backendVerify: "{path: /missing, expectStatus: 404}")
        try TandemBinary.withSeededWorld(plan: plan) { tandem in
            try tandem.addFault(#"{"pathContains": "/proxy/missing", "status": 404, "count": 1000}"#)
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 3, "\(start.output)")
            let id = try tandem.newestRelease()
            let verify = (try tandem.status(id)["steps"] as? [[String: Any]])?.first {
                $0["kind"] as? String == "verify" && $0["service"] as? String == "backend"
            }
            let http = (verify?["detail"] as? [String: Any])?["http"] as? [String: Any]
            #expect(http?["status"] as? Int == 404, "\(String(describing: verify))")
            #expect(http?["service"] as? String == "backend-preview")
        }
    }

    @Test("verify with `expectStatus: 200` fails on a 404 answer after its deadline: exit 4, the message names both statuses")
    func verifyRejectsWrongStatus() throws {
        let plan = LoanAppPlan.yaml(backendVerify: "{path: /missing, expectStatus: 200}", deadline: "3s")
        try TandemBinary.withSeededWorld(plan: plan) { tandem in
            try tandem.addFault(#"{"pathContains": "/proxy/missing", "status": 404, "count": 1000}"#)
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
            #expect(start.status == 4, "\(start.output)")
            #expect(start.output.contains("expected HTTP 200, last answer: HTTP 404"), "\(start.output)")
            #expect(try tandem.loanAppHealthy(on: "1.0"), "\((try? tandem.rollouts()) ?? [:])")
        }
    }
}
