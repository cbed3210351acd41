import Foundation
import Testing

private let plan = LoanAppPlan.yaml(approvals: 2, approvers: "[alice, bob, carol, ci-bot]")

/// The real `tandem` binary against `tandem sim serve`, as a pipeline would call it.
@Suite("release end to end (real binary, simulated cluster)", .serialized)
struct ReleaseEndToEndTests {
    func withWorld(_ body: (TandemBinary) throws -> Void) throws {
        let tandem = try TandemBinary(plan: plan)
        defer { tandem.stop() }
        #expect(try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"]).status == 0)
        try body(tandem)
    }

    @Test("2.0 then 3.0: exit 3 at the checkpoint, two approvals, resume exits 0, pairs clean, audit holds every step")
    func twoReleases() throws {
        try withWorld { tandem in
            for version in ["2.0", "3.0"] {
                let start = try tandem.run(["release", "start", "plan.yaml", "--version", version, "--by", "ci-bot"])
                #expect(start.status == 3, "\(start.output)")
                let id = try tandem.newestRelease()
                #expect(start.output.contains("tandem approve \(id) --checkpoint qa --by <you>"))
                #expect(try tandem.run(["pairs", "plan.yaml"]).status == 0)
                // Self-approval is refused; two distinct approvers are needed.
                #expect(try tandem.run(["approve", id, "--by", "ci-bot"]).status != 0)
                #expect(try tandem.run(["approve", id, "--by", "alice"]).status == 0)
                #expect(try tandem.run(["approve", id, "--by", "alice"]).status != 0)
                #expect(try tandem.run(["release", "resume", id]).status == 3)
                #expect(try tandem.run(["approve", id, "--by", "bob", "--comment", "QA ok"]).status == 0)
                let resume = try tandem.run(["release", "resume", id])
                #expect(resume.status == 0, "\(resume.output)")
                let pairs = try tandem.run(["pairs", "plan.yaml"])
                #expect(pairs.status == 0 && pairs.output.contains("no mixed pairs"), "\(pairs.output)")
                let log = try tandem.run(["release", "log", id]).output
                for step in ["deploy backend", "verify backend", "pin backend", "deploy frontend", "verify frontend",
                             "promote frontend", "promote backend", "collect-garbage"] {
                    #expect(log.contains("\(step) (step"), "missing \(step)")
                }
                #expect(log.contains("alice approved") && log.contains("bob approved"))
                let image = try tandem.kubectl(["get", "rollout", "my-frontend", "-n", "legacy", "-o",
                                                "jsonpath={.spec.template.spec.containers[0].image}"])
                #expect(image == "docker.io/kostiscodefresh/loan:\(version)")
            }
        }
    }

    @Test("a rejection rolls back (exit 4): both Rollouts Healthy on 1.0, nothing tandem created is left")
    func rejection() throws {
        try withWorld { tandem in
            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let id = try tandem.newestRelease()
            #expect(try tandem.run(["reject", id, "--by", "alice", "--reason", "broken"]).status == 0)
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")
            for (rollout, image) in [("my-backend", "interest"), ("my-frontend", "loan")] {
                let got = try tandem.kubectl(["get", "rollout", rollout, "-n", "legacy", "-o",
                                              "jsonpath={.status.phase} {.spec.template.spec.containers[0].image}"])
                #expect(got == "Healthy docker.io/kostiscodefresh/\(image):1.0")
            }
            let left = try tandem.kubectl(["get", "svc,cm", "-n", "legacy", "-l", "app.kubernetes.io/managed-by=tandem", "-o", "name"])
            #expect(left.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(left)")
        }
    }

    @Test("two concurrent starts: exactly one proceeds, the other exits 6 naming the holder")
    func concurrentStarts() throws {
        try withWorld { tandem in
            let box = ResultsBox()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if let result = try? tandem.run(["release", "start", "plan.yaml", "--version", "2.\(index)"]) { box.append(result) }
            }
            let results = box.results
            #expect(results.map(\.status).sorted() == [3, 6])
            // Whichever lock the loser lost (the store's row or the Lease), the same sentence names the holder.
            let holder = try tandem.newestRelease()
            let loser: String = results.first(where: { $0.status == 6 }).map(\.output) ?? ""
            #expect(loser.contains(RolloutLocksEndToEndTests.heldMessage(holder)), "\(loser)")
            #expect(try tandem.releases().count == 1)
        }
    }

    @Test("a stale approval for a changed plan is refused")
    func changedPlan() throws {
        try withWorld { tandem in
            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let id = try tandem.newestRelease()
            try (plan + "\n# edited\n").write(toFile: tandem.directory + "/edited.yaml", atomically: true, encoding: .utf8)
            let stale = try tandem.run(["approve", id, "--by", "alice", "--plan", "edited.yaml"])
            #expect(stale.status != 0 && stale.output.contains("changed plan"))
            #expect(try tandem.run(["approve", id, "--by", "alice", "--plan", "plan.yaml"]).status == 0)
        }
    }

    @Test("a crashlooping dependency rolls back after its deadline (exit 4)")
    func crashloop() throws {
        try withWorld { tandem in
            let start = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--set", "backend=2.0-crashloop"])
            #expect(start.status == 4, "\(start.output)")
            #expect(start.output.contains("deadline"))
            let image = try tandem.kubectl(["get", "rollout", "my-backend", "-n", "legacy", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
            #expect(image == "docker.io/kostiscodefresh/interest:1.0")
        }
    }

    @Test("a failure after the consumer was promoted rolls the consumer back first, then the dependency (exit 4)")
    func failureAfterConsumerPromoted() throws {
        try withWorld { tandem in
            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let id = try tandem.newestRelease()
            #expect(try tandem.run(["approve", id, "--by", "alice"]).status == 0)
            #expect(try tandem.run(["approve", id, "--by", "bob"]).status == 0)
            // The frontend is promoted first; then the cluster refuses the backend's promotion once.
            let fault = tandem.directory + "/fault.json"
            try #"{"pathContains": "/rollouts/my-backend/status", "method": "PATCH", "count": 1, "status": 403}"#
                .write(toFile: fault, atomically: true, encoding: .utf8)
            _ = try tandem.kubectl(["create", "--raw", "/tandem-sim/faults", "-f", fault])
            let resume = try tandem.run(["release", "resume", id])
            #expect(resume.status == 4, "\(resume.output)")
            for (rollout, image) in [("my-backend", "interest"), ("my-frontend", "loan")] {
                let got = try tandem.kubectl(["get", "rollout", rollout, "-n", "legacy", "-o",
                                              "jsonpath={.status.phase} {.spec.template.spec.containers[0].image}"])
                #expect(got == "Healthy docker.io/kostiscodefresh/\(image):1.0")
            }
            let log = try tandem.run(["release", "log", id]).output
            let consumerBack = log.range(of: "frontend: reverted")
            // The dependency's own rollback action (aborted, restored or reverted) comes after.
            let dependencyBack = ["backend: update aborted", "backend: restored", "backend: reverted"]
                .compactMap { log.range(of: $0) }.min { $0.lowerBound < $1.lowerBound }
            #expect(consumerBack != nil && dependencyBack != nil, "\(log)")
            if let consumerBack, let dependencyBack {
                #expect(consumerBack.lowerBound < dependencyBack.lowerBound, "\(log)")
            }
            let pairs = try tandem.run(["pairs", "plan.yaml"])
            #expect(pairs.status == 0, "\(pairs.output)")
        }
    }

    @Test("SIGKILL right after each step, then resume: the same end state as an uninterrupted run", arguments: [0, 2, 3, 5, 6, 7])
    func crashSafety(step: Int) throws {
        try withWorld { tandem in
            let crashed = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"],
                                         extra: ["TANDEM_TEST_CRASH_AFTER_STEP": "\(step)"])
            let id = try tandem.newestRelease()
            if crashed.status == 3 {
                // Stopped at the checkpoint before reaching the step: approve and crash later.
                _ = try tandem.run(["approve", id, "--by", "alice"])
                _ = try tandem.run(["approve", id, "--by", "bob"])
                _ = try tandem.run(["release", "resume", id], extra: ["TANDEM_TEST_CRASH_AFTER_STEP": "\(step)"])
            } else {
                #expect(crashed.status == 137 || crashed.status == 9, "\(crashed.output)")
            }
            var result = try tandem.run(["release", "resume", id])
            if result.status == 3 {
                _ = try tandem.run(["approve", id, "--by", "alice"])
                _ = try tandem.run(["approve", id, "--by", "bob"])
                result = try tandem.run(["release", "resume", id])
            }
            #expect(result.status == 0, "\(result.output)")
            let pairs = try tandem.run(["pairs", "plan.yaml"])
            #expect(pairs.output.contains("no mixed pairs"))
            for (rollout, image) in [("my-backend", "interest"), ("my-frontend", "loan")] {
                let got = try tandem.kubectl(["get", "rollout", rollout, "-n", "legacy", "-o",
                                              "jsonpath={.status.phase} {.spec.template.spec.containers[0].image}"])
                #expect(got == "Healthy docker.io/kostiscodefresh/\(image):2.0")
            }
            let pinned = try tandem.kubectl(["get", "svc", "-n", "legacy", "-l", "tandem.dev/revision", "-o", "name"])
            #expect(pinned.split(separator: "\n").count == 1, "\(pinned)")
        }
    }
}

/// Collects results from concurrent runs.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [TandemBinary.Result] = []
    func append(_ result: TandemBinary.Result) { lock.lock(); stored.append(result); lock.unlock() }
    var results: [TandemBinary.Result] { lock.lock(); defer { lock.unlock() }; return stored }
}
