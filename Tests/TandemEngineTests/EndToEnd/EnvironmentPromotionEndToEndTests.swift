import Foundation
import Testing

/// Environments on one simulated cluster (without `context` they use the current one; production has its own namespace): the
/// staging release succeeds, promotions are refused until the required environment has the versions, and a
/// ServiceNow gate without credentials stops the production release with the variables to set.
@Suite("E2E: environments and promotion", .serialized)
struct EnvironmentPromotionEndToEndTests {
    static let plan = LoanAppPlan.yaml() + """

      environments:
        - name: staging
          checkpoints: []
        - name: production
          namespace: loan-prod
          requires: staging
          checkpoints:
            - name: change
              after: deploy
              gates:
                - servicenow: {url: "http://127.0.0.1:9"}
        - name: dr
          requires: production

    """

    @Test("staging succeeds; DR and an unknown version set are refused (exit 2); production waits on a gate it cannot ask")
    func promotion() throws {
        try TandemBinary.withSeededWorld(plan: Self.plan) { tandem in
            let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0", "--namespace", "loan-prod"])
            try #require(seed.status == 0, "\(seed.output)")
            let early = try tandem.run(["release", "start", "plan.yaml", "--env", "production", "--version", "2.0"])
            #expect(early.status == 2, "\(early.output)")
            #expect(early.output.contains("environment production requires staging: versions backend=2.0, frontend=2.0 have not succeeded in staging"),
                    "\(early.output)")

            let staging = try tandem.run(["release", "start", "plan.yaml", "--env", "staging", "--version", "2.0", "--by", "ci-bot"])
            #expect(staging.status == 0, "\(staging.output)")
            let stagingID = try tandem.newestRelease()
            #expect(try tandem.status(stagingID)["environment"] as? String == "staging")

            let dr = try tandem.run(["release", "promote", stagingID, "--to", "dr"])
            #expect(dr.status == 2, "\(dr.output)")
            #expect(dr.output.contains("environment dr requires production: versions backend=2.0, frontend=2.0 have not succeeded in production"),
                    "\(dr.output)")

            let other = try tandem.run(["release", "start", "plan.yaml", "--env", "production", "--version", "3.0"])
            #expect(other.status == 2, "\(other.output)")
            #expect(other.output.contains("the last release that succeeded in staging is \(stagingID), which differs in backend=3.0 (staging has 2.0)"),
                    "\(other.output)")

            var env = tandem.environment
            for key in ["SERVICENOW_USER", "SERVICENOW_PASSWORD", "SERVICENOW_TOKEN"] { env.removeValue(forKey: key) }
            tandem.environment = env
            let production = try tandem.run(["release", "promote", stagingID, "--to", "production", "--change", "CHG0030001"])
            #expect(production.status == 1, "\(production.output)")
            #expect(production.output.contains("no ServiceNow credentials: set SERVICENOW_USER and SERVICENOW_PASSWORD, or SERVICENOW_TOKEN"),
                    "\(production.output)")
            let productionID = try tandem.newestRelease()
            let status = try tandem.status(productionID)
            #expect(status["environment"] as? String == "production")
            #expect(status["promotedFrom"] as? String == stagingID)
            #expect(status["state"] as? String == "waiting")
            #expect(try tandem.run(["release", "list", "--env", "staging"]).output.contains(stagingID))
        }
    }
}
