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
        let status = application["status"]
        let sync = status["sync"]["status"].stringValue ?? "no sync status"
        let revision = status["sync"]["revision"].stringValue ?? ""
        let health = status["health"]["status"].stringValue ?? "no health status"
        let running: Bool = status["operationState"]["phase"].stringValue == Optional("Running")
        let shown: String = revision.isEmpty ? "no revision" : String(revision.prefix(12))
        let atCommit: Bool = revision == commit || (!revision.isEmpty && contains(revision))
        let requested: Bool = !application["operation"].isNull
        if sync == "Synced" && health == "Healthy" && atCommit && !requested && !running { return nil }
        return running ? "\(sync) at \(shown), \(health), a sync running" : "\(sync) at \(shown), \(health)"
    }

    /// Waits for every Application in `applications`; throws a terminal error naming the first one
    /// that did not settle by `deadline`, with its last status.
    func wait(_ applications: [String], commit: String, deadline: ContinuousClock.Instant,
              contains: @Sendable (String) -> Bool) async throws {
        for name in applications {
            var last = "not read yet"
            while true {
                do {
                    let application = try await client.get(.applications, namespace: namespace, name: name)
                    guard let why = Self.unsettled(application, commit: commit, contains: contains) else { break }
                    last = why
                } catch let error as KubeError where error.isTransient {
                    last = "\(error)"
                } catch let error as KubeError where error.isNotFound {
                    throw StepError.terminal("Argo CD Application \(namespace)/\(name) does not exist any more; it was deleted while the release ran")
                }
                if ContinuousClock.now >= deadline {
                    throw StepError.terminal("Argo CD Application \(namespace)/\(name) did not settle on \(commit.prefix(12)) within the deadline: it is \(last), not Synced there and Healthy; see `kubectl get application -n \(namespace) \(name) -o yaml` (status.sync, status.health, status.conditions), fix what Argo CD reports, then resume the release")
                }
                try await Task.sleep(for: pollInterval)
            }
        }
    }
}
