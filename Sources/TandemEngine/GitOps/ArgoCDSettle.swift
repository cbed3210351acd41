import Foundation
import TandemKube
import TandemKubeModel

/// Waits, within a bound, until Argo CD agrees with what a GitOps release left in git: each of the
/// release's Applications `Synced` at tandem's last commit (or a later commit on the branch that
/// contains it) and `Healthy`, with no sync operation running. A release is reported succeeded, and
/// a rollback complete, only then; a sync, refresh or health check Argo CD has not caught up with
/// yet is waited for, not reported as done.
struct ArgoCDSettle: Sendable {
    let client: KubeClient
    let namespace: String
    var pollInterval: Duration = .milliseconds(250)

    /// Why an Application has not settled on `commit` yet; nil when it has.
    /// `contains(revision)`: whether the branch at `revision` contains `commit`.
    static func unsettled(_ application: JSON, commit: String, contains: (String) -> Bool) -> String? {
        let status: JSON = application["status"]
        let sync: String = status["sync"]["status"].stringValue ?? "no sync status"
        let revision: String = status["sync"]["revision"].stringValue ?? ""
        let health: String = status["health"]["status"].stringValue ?? "no health status"
        let phase: String = status["operationState"]["phase"].stringValue ?? ""
        let running: Bool = phase == Self.running
        let requested: Bool = !application["operation"].isNull
        var atCommit: Bool = revision == commit
        if !atCommit, !revision.isEmpty { atCommit = contains(revision) }
        if sync == Self.synced, health == Self.healthy, atCommit, !requested, !running { return nil }
        let shown: String = revision.isEmpty ? "no revision" : String(revision.prefix(12))
        let described: String = "\(sync) at \(shown), \(health)"
        return running ? described + ", a sync running" : described
    }

    private static let synced: String = "Synced"
    private static let healthy: String = "Healthy"
    private static let running: String = "Running"

    /// Waits for every Application in `applications`; throws a terminal error naming the first one
    /// that did not settle by `deadline`, with its last status.
    func wait(_ applications: [String], commit: String, deadline: ContinuousClock.Instant,
              contains: @Sendable (String) -> Bool) async throws {
        for name in applications {
            var last = "not read yet"
            while true {
                var application: JSON?
                do {
                    application = try await client.get(.applications, namespace: namespace, name: name)
                } catch {
                    if error.isNotFound {
                        throw StepError.terminal("Argo CD Application \(namespace)/\(name) does not exist any more; it was deleted while the release ran")
                    }
                    if !error.isTransient { throw error }
                    last = "\(error)"
                }
                if let application {
                    guard let why = Self.unsettled(application, commit: commit, contains: contains) else { break }
                    last = why
                }
                if ContinuousClock.now >= deadline {
                    throw StepError.terminal("Argo CD Application \(namespace)/\(name) did not settle on \(commit.prefix(12)) within the deadline: it is \(last), not Synced there and Healthy; see `kubectl get application -n \(namespace) \(name) -o yaml` (status.sync, status.health, status.conditions), fix what Argo CD reports, then resume the release")
                }
                try await Task.sleep(for: pollInterval)
            }
        }
    }
}
