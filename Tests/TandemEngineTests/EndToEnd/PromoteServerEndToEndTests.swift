import Foundation
import Testing

/// `tandem release promote --server`: the promotion is submitted to `tandem serve` (POST /api/releases with
/// promotedFrom, environment and changes), which checks what the environment requires exactly as the CLI does and
/// drives the release. Staging and production are two namespaces of the server's one simulated cluster.
@Suite("E2E: release promote --server", .serialized)
struct PromoteServerEndToEndTests {
    static let plan = LoanAppPlan.yaml() + """

      environments:
        - name: staging
          checkpoints: []
        - name: production
          namespace: loan-prod
          requires: staging
          checkpoints: []
        - name: dr
          namespace: loan-dr
          requires: production

    """

    @Test("staging through the server, then promote --server: DR and unrun versions refused (exit 2) as locally; production carries staging's versions and link")
    func promoteThroughServer() throws {
        let tandem = try TandemBinary(plan: Self.plan)
        defer { tandem.stop() }
        for namespace in ["legacy", "loan-prod"] {
            let seed = try tandem.run(["sim", "seed", "plan.yaml", "--version", "1.0", "--namespace", namespace])
            try #require(seed.status == 0, "\(seed.output)")
        }
        let added = try tandem.run(["serve", "add-user", "ci-bot", "--groups", "release"])
        let token = try #require(added.output.split(separator: "\n").last.map(String.init))
        let serve = try Background(tandem, "serve", ["serve", "--port", "0", "--kubeconfig", tandem.directory + "/sim.kubeconfig"])
        defer { serve.stop() }
        let url = try serve.serverURL()
        let ci = ["--server", url, "--token", token]

        let staging = try tandem.run(["release", "start", "plan.yaml", "--env", "staging", "--version", "2.0"] + ci)
        #expect(staging.status == 0, "\(staging.output)")
        let stagingID = try tandem.newestRelease()
        #expect(staging.output.contains("release \(stagingID) started to staging on \(url) by ci-bot"), "\(staging.output)")

        let dr = try tandem.run(["release", "promote", stagingID, "--to", "dr"] + ci)
        #expect(dr.status == 2, "\(dr.output)")
        #expect(dr.output.contains("environment dr requires production: versions backend=2.0, frontend=2.0 have not succeeded in production"),
                "\(dr.output)")
        let unrun = try tandem.run(["release", "start", "plan.yaml", "--env", "production", "--version", "3.0"] + ci)
        #expect(unrun.status == 2, "\(unrun.output)")
        #expect(unrun.output.contains("differs in backend=3.0 (staging has 2.0)"), "\(unrun.output)")
        let unknown = try tandem.run(["release", "promote", "r-nope", "--to", "production"] + ci)
        #expect(unknown.status == 2 && unknown.output.contains("no release r-nope on this server"), "\(unknown.output)")
        let by = try tandem.run(["release", "promote", stagingID, "--to", "production", "--by", "alice"] + ci)
        #expect(by.status == 2 && by.output.contains("--by cannot be used with --server"), "\(by.output)")

        let production = try tandem.run(["release", "promote", stagingID, "--to", "production", "--change", "CHG0030001"] + ci)
        #expect(production.status == 0, "\(production.output)")
        let productionID = try tandem.newestRelease()
        #expect(production.output.contains("release \(productionID) started to production from \(stagingID) on \(url) by ci-bot"),
                "\(production.output)")
        let status = try tandem.status(productionID)
        #expect(status["environment"] as? String == "production")
        #expect(status["promotedFrom"] as? String == stagingID)
        #expect(status["changes"] as? [String] == ["CHG0030001"])
        #expect(status["startedBy"] as? String == "ci-bot")
        #expect(status["versions"] as? [String: String] == ["backend": "2.0", "frontend": "2.0"])
        let image = try tandem.kubectl(["get", "rollout", "my-backend", "-n", "loan-prod", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
        #expect(image == "docker.io/kostiscodefresh/interest:2.0")
    }
}
