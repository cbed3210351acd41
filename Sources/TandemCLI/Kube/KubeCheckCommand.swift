import ArgumentParser
import Foundation
import TandemKube

/// `tandem kube check` — connectivity, version, the Argo Rollouts CRD and every permission.
struct KubeCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check connectivity, the server version, the Argo Rollouts CRD and every permission tandem needs.",
        discussion: """
        Prints one row per check. Permissions are asked with SelfSubjectAccessReviews in the namespace \
        (--namespace, else the context's). A denied permission shows the Role rule that grants it. \
        Exits 0 when everything is ok, 1 otherwise.

        Example:
          tandem kube check --namespace shop
          tandem kube check --sim
        """)

    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let results = try await cluster.withClient { client in await client.check(namespace: cluster.namespace) }
        print(Self.table(results))
        let failed = results.filter { !$0.ok }.count
        if failed == 0 {
            print("\nall \(results.count) checks passed")
        } else {
            print("\n\(failed) of \(results.count) checks failed")
            throw ReportedFailure(.otherError)
        }
    }

    static func table(_ results: [CheckResult]) -> String {
        let width = max(5, results.map(\.name.count).max() ?? 0)
        var lines = ["CHECK".padding(toLength: width, withPad: " ", startingAt: 0) + "  RESULT  DETAIL"]
        for result in results {
            let detail = result.detail.split(separator: "\n", omittingEmptySubsequences: false)
            let first = result.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + (result.ok ? "ok    " : "FAILED") + "  " + (detail.first.map(String.init) ?? "")
            lines.append(first)
            for extra in detail.dropFirst() {
                lines.append(String(repeating: " ", count: width + 10) + extra)
            }
        }
        return lines.joined(separator: "\n")
    }
}
