import Foundation
import TandemTestSupport
import Testing

/// Locks are per Rollout and per cluster: staging and production are two simulated clusters with the same namespace
/// and Rollouts, released from one database at the same time. Neither blocks the other; within one cluster the
/// Rollout stays locked.
@Suite("E2E: locks across clusters", .serialized)
struct CrossClusterLocksEndToEndTests {
    static let plan = LoanAppPlan.yaml() + """

      environments:
        - name: staging
          context: staging
        - name: production
          context: production

    """

    @Test("two environments with the same namespace on two clusters run at once from one database; a second release on one cluster is locked out")
    func bothRun() throws {
        let tandem = try TandemBinary(plan: Self.plan, contexts: ["staging", "production"])
        defer { tandem.stop() }
        for context in ["staging", "production"] {
            let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0", "--context", context])
            try #require(seed.status == 0, "\(seed.output)")
        }
        // Both stop at checkpoint qa holding their locks (parked).
        let staging = try tandem.run(["release", "start", "plan.yaml", "--env", "staging", "--version", "2.0"])
        #expect(staging.status == 3, "\(staging.output)")
        let stagingID = try tandem.newestRelease()
        let production = try tandem.run(["release", "start", "plan.yaml", "--env", "production", "--version", "2.0"])
        #expect(production.status == 3, "staging's locks must not hold production's Rollouts: \(production.output)")
        let productionID = try tandem.newestRelease()
        #expect(productionID != stagingID)

        let again = try tandem.run(["release", "start", "plan.yaml", "--env", "staging", "--version", "3.0"])
        #expect(again.status == 6, "\(again.output)")
        #expect(again.output.contains(RolloutLocksEndToEndTests.heldMessage(stagingID)), "\(again.output)")

        for id in [stagingID, productionID] {
            let approve = try tandem.run(["approve", id, "--checkpoint", "qa", "--by", "alice"])
            #expect(approve.status == 0, "\(approve.output)")
        }
        // Both resumed at once, each driving its own cluster.
        let first = try tandem.spawn(["release", "resume", stagingID])
        let second = try tandem.spawn(["release", "resume", productionID])
        let (a, b) = (try first.wait(), try second.wait())
        #expect(a.status == 0, "\(a.output)")
        #expect(b.status == 0, "\(b.output)")
        #expect(try tandem.loanAppHealthy(on: "2.0", context: "staging"))
        #expect(try tandem.loanAppHealthy(on: "2.0", context: "production"))
    }
}
