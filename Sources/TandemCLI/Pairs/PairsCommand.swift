import ArgumentParser
import Foundation
import TandemEngine
import TandemKube
import TandemPairing

/// `tandem pairs <plan> [--json]`
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Show who calls whom right now, from live objects, and flag mixed-release pairs.",
        discussion: """
        For each consumer Rollout of the plan and each of its ReplicaSets that has pods, follows the ConfigMap its template references → the value of each dependsOn key → the Service → its selector → the dependency's ReplicaSet, and shows that revision's version and role (active, preview, canary, stable, draining). Where the API server's proxy answers, one pod of each consumer revision is asked what it reaches.

        Verdicts: ok; waiting (a side has no ready pods yet); MIXED (a live or preview revision calls a dependency of another release); unresolved (the chain could not be followed). Draining revisions serve nothing and get no verdict. Read-only: safe at any moment, also during a release.

        Exit status: 0 when no pair is MIXED, 1 when one is (each is named), 2 for a bad plan.

        Examples:
          tandem pairs plans/loan-app.yaml
          tandem pairs plans/loan-app.yaml --json --kubeconfig sim.kubeconfig
          tandem pairs plans/loan-app.yaml --sim
        """
    )

    @Argument(help: "The plan file.")
    var plan: String

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "Do not ask pods through the API server's proxy.")
    var noPods = false

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let pairingPlan = PairingPlan(try PlanFileLoading.loadOrFail(plan))
        let askPods = !noPods
        let report = try await cluster.withClient { client in
            let snapshot = try await SnapshotReader(client: client).read(plan: pairingPlan, askPods: askPods)
            return PairingReport.compute(plan: pairingPlan, snapshot: snapshot)
        }
        print(json ? report.json() : report.table())
        if report.hasMixed { throw ReportedFailure(.otherError) }
    }
}
