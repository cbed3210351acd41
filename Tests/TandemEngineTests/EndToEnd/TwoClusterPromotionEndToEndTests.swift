import Foundation
import TandemTestSupport
import Testing

/// Environments on two real clusters: two `tandem sim serve` processes (contexts staging and production) share one
/// kubeconfig, and production's checkpoint is gated by a ServiceNow change read from the Table API fake on loopback.
@Suite("E2E: promotion across two clusters through a ServiceNow change", .serialized)
struct TwoClusterPromotionEndToEndTests {
    static func plan(serviceNow: String) -> String {
        LoanAppPlan.yaml() + """

          environments:
            - name: staging
              context: staging
              checkpoints: []
            - name: production
              context: production
              requires: staging
              checkpoints:
                - name: change
                  after: deploy
                  gates:
                    - servicenow: {url: "\(serviceNow)"}
            - name: dr
              context: dr
              requires: production

        """
    }

    @Test("staging 2.0 succeeds; production waits for the change's approval (exit 3), then succeeds on its own cluster; DR and an unrun version set are refused")
    func promotion() async throws {
        let serviceNow = FakeServiceNow()
        let port = try await serviceNow.start()
        let tandem = try TandemBinary(plan: Self.plan(serviceNow: "http://127.0.0.1:\(port)"), contexts: ["staging", "production"])
        defer { tandem.stop() }
        do {
            try await run(tandem, serviceNow)
        } catch {
            await serviceNow.stop()
            throw error
        }
        await serviceNow.stop()
    }

    private func run(_ tandem: TandemBinary, _ serviceNow: FakeServiceNow) async throws {
        for context in ["staging", "production"] {
            let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0", "--context", context])
            try #require(seed.status == 0, "\(seed.output)")
        }
        tandem.environment.merge(serviceNow.credentials()) { _, new in new }

        let staging = try await tandem.runDetached(["release", "start", "plan.yaml", "--env", "staging", "--version", "2.0", "--by", "ci-bot"])
        #expect(staging.status == 0, "\(staging.output)")
        let stagingID = try tandem.newestRelease()
        #expect(try tandem.loanAppHealthy(on: "2.0", context: "staging"))
        #expect(try tandem.loanAppHealthy(on: "1.0", context: "production"), "the staging release must not touch production")

        let dr = try await tandem.runDetached(["release", "promote", stagingID, "--to", "dr"])
        #expect(dr.status == 2, "\(dr.output)")
        #expect(dr.output.contains("environment dr requires production: versions backend=2.0, frontend=2.0 have not succeeded in production"),
                "\(dr.output)")
        let unrun = try await tandem.runDetached(["release", "start", "plan.yaml", "--env", "production", "--version", "3.0",
                                                  "--change", "CHG0030001"])
        #expect(unrun.status == 2, "\(unrun.output)")
        #expect(unrun.output.contains("differs in backend=3.0 (staging has 2.0)"), "\(unrun.output)")

        serviceNow.put("CHG0030001", ["approval": "requested", "state": "-3"])
        let stagingBefore = try tandem.rolloutGenerations(context: "staging")
        #expect(stagingBefore.contains("my-backend=") && stagingBefore.contains("interest:2.0"), "\(stagingBefore)")
        let waiting = try await tandem.runDetached(["release", "promote", stagingID, "--to", "production", "--change", "CHG0030001"])
        #expect(waiting.status == 3, "\(waiting.output)")
        #expect(waiting.output.contains("change CHG0030001 is not approved yet (approval: requested)"), "\(waiting.output)")
        #expect(waiting.output.contains("tandem release resume"), "\(waiting.output)")
        let productionID = try tandem.newestRelease()
        #expect(productionID != stagingID)
        let status = try tandem.status(productionID)
        #expect(status["environment"] as? String == "production")
        #expect(status["promotedFrom"] as? String == stagingID)
        #expect(status["changes"] as? [String] == ["CHG0030001"])
        #expect(status["state"] as? String == "waiting")
        #expect(serviceNow.workNotes("CHG0030001").isEmpty, "no work note before the release ends")

        // The change is approved and moves to Implement inside its window: the resumed release passes the gate.
        serviceNow.update("CHG0030001", ["approval": "approved", "state": "-1"])
        let resumed = try await tandem.runDetached(["release", "resume", productionID])
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(try tandem.loanAppHealthy(on: "2.0", context: "production"))
        #expect(try tandem.rolloutGenerations(context: "staging") == stagingBefore, "the production release must not touch staging")

        let notes = serviceNow.workNotes("CHG0030001")
        #expect(notes.count == 1, "\(notes)")
        #expect(notes.first?.contains("tandem release \(productionID) (plan loan-app, environment production) succeeded: backend=2.0 frontend=2.0") == true,
                "\(notes)")
        // Driving the ended release again writes no second note.
        let again = try await tandem.runDetached(["release", "resume", productionID])
        #expect(again.status == 0, "\(again.output)")
        #expect(serviceNow.state.withLock { $0.patches.count } == 1)

        let log = try tandem.run(["release", "log", productionID, "--output", "json"]).output
        #expect(log.contains("checkpoint.gate"), "\(log)")
        #expect(log.contains("gate.work-note"), "\(log)")
        let list = try tandem.run(["release", "list", "--env", "production"]).output
        #expect(list.contains(productionID) && !list.contains(stagingID), "\(list)")
    }
}
