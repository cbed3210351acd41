import Foundation
import Testing

/// An API server that is down for a while (issue 11 item 6): the release waits it out within
/// `--api-retry-for` and says so; past that budget the command fails and says how to wait longer.
/// (Restarting the simulator would rotate its tokens, so "down" is the fault injector's 503s, or a
/// stopped simulator for the refused connections that end in a failure.)
@Suite("API server outage during a release (real binary, simulated cluster)", .serialized)
struct ApiOutageEndToEndTests {
    @Test("every API request answered 503 for 10 s in the middle of a deploy: the release waits, says so, and reaches its checkpoint")
    func releaseSurvivesOutage() throws {
        let tandem = try TandemBinary(plan: LoanAppPlan.yaml(deadline: "120s"), readyDelay: "3s")
        defer { tandem.stop() }
        let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0"])
        try #require(seed.status == 0, "seeding failed: \(seed.output)")
        let driver = try tandem.spawn(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"])
        defer { driver.stopIfRunning() }
        try tandem.waitFor("the deploy of backend to run") {
            (try? String(contentsOfFile: driver.outputPath, encoding: .utf8))?.contains("deploy backend (step 0) running") ?? false
        }
        // Far more uses than 10 s of backoff can consume: the API server is down until the rule is cleared.
        try tandem.addFault(#"{"pathContains": "/api", "status": 503, "count": 100000}"#)
        Thread.sleep(forTimeInterval: 10)
        try tandem.clearFaults()
        let result = try driver.wait()
        #expect(result.status == 3, "\(result.output)")
        #expect(result.output.contains("warning: API server unavailable (503 ServiceUnavailable), retrying for up to 3m ("), "\(result.output)")
        #expect(result.output.contains("answers again after"), "\(result.output)")
        #expect(!result.output.contains("rolled back"), "\(result.output)")
        #expect(try tandem.status(try tandem.newestRelease())["state"] as? String == "waiting")
    }

    @Test("an API server that stays down longer than --api-retry-for (or TANDEM_API_RETRY_FOR) fails the command with the cause and the remedy")
    func shortRetryBudgetFails() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            tandem.stop()
            let flag = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot", "--api-retry-for", "2s"])
            #expect(flag.status == 1, "\(flag.output)")
            #expect(flag.output.contains("stayed unreachable (connection refused) for 2s; tandem stopped retrying"), "\(flag.output)")
            #expect(flag.output.contains("raise --api-retry-for (or TANDEM_API_RETRY_FOR)"), "\(flag.output)")
            #expect(flag.output.contains("warning: API server unreachable (connection refused), retrying for up to 2s"), "\(flag.output)")
            let environment = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"],
                                             extra: ["TANDEM_API_RETRY_FOR": "1s"])
            #expect(environment.status == 1, "\(environment.output)")
            #expect(environment.output.contains("stayed unreachable (connection refused) for 1s"), "\(environment.output)")
            let malformed = try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--api-retry-for", "soon"])
            #expect(malformed.status == 2, "\(malformed.output)")
        }
    }
}
