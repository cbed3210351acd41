import Foundation
import TandemKube
import TandemKubeModel

/// Asks an Argo CD Application to sync one revision and waits until it did, through the
/// Kubernetes API only (patch on `applications.argoproj.io`, no Argo CD API server or token).
///
/// The request is what `argocd app sync APP --revision SHA` stores: the API server's Sync handler
/// writes `operation: {sync: {revision, prune, syncStrategy}, initiatedBy: {username}}` on the
/// Application, and the application controller runs it, reporting in `status.operationState`
/// (`phase` Running → Succeeded, or Failed/Error with a `message`; `syncResult.revision` the commit).
struct ArgoCDSync: Sendable {
    let client: KubeClient
    let namespace: String
    var pollInterval: Duration = .milliseconds(250)

    /// The merge patch that requests the sync.
    static func operation(revision: String, initiatedBy: String) -> JSON {
        ["operation": ["sync": ["revision": .string(revision), "prune": false, "syncStrategy": ["hook": [:]]],
                       "initiatedBy": ["username": .string(initiatedBy)]]]
    }

    /// What the Application says about a sync of `revision`: done, failed with Argo CD's message, or not yet.
    enum Progress: Equatable { case succeeded, failed(String), pending }

    static func progress(of application: JSON, revision: String) -> Progress {
        let state = application["status"]["operationState"]
        let phase = state["phase"].stringValue ?? ""
        let synced = state["syncResult"]["revision"].stringValue
        if phase == "Succeeded", synced == revision { return .succeeded }
        // A failure counts once our request was taken (`operation` cleared) and it was about this revision.
        let requested = state["operation"]["sync"]["revision"].stringValue
        if application["operation"].isNull, phase == "Failed" || phase == "Error", requested == revision || synced == revision {
            return .failed("\(phase): \(state["message"].stringValue ?? "no message")")
        }
        return .pending
    }

    /// Requests the sync of `revision` on each Application, then waits for all of them.
    func sync(_ applications: [String], revision: String, deadline: ContinuousClock.Instant) async throws {
        for name in applications {
            let failure: KubeError
            do {
                _ = try await client.patch(.applications, namespace: namespace, name: name,
                                           Self.operation(revision: revision, initiatedBy: "tandem"))
                continue
            } catch {
                failure = error
            }
            if failure.isNotFound {
                throw StepError.terminal("Argo CD Application \(namespace)/\(name) does not exist; create it (docs/gitops.md) or set the service's \"application\" in the plan")
            }
            if failure.isTransient || failure.isConflict {
                throw StepError.retryable("asking Argo CD Application \(namespace)/\(name) to sync \(revision): \(failure)")
            }
            throw StepError.terminal("asking Argo CD Application \(namespace)/\(name) to sync \(revision): \(failure)")
        }
        for name in applications {
            try await waitSynced(name, revision: revision, deadline: deadline)
        }
    }

    private func waitSynced(_ name: String, revision: String, deadline: ContinuousClock.Instant) async throws {
        var last = "no operationState yet"
        while true {
            do {
                let application = try await client.get(.applications, namespace: namespace, name: name)
                switch Self.progress(of: application, revision: revision) {
                case .succeeded: return
                case .failed(let message):
                    throw StepError.terminal("Argo CD could not sync Application \(namespace)/\(name) to \(revision): \(message)")
                case .pending:
                    let state = application["status"]["operationState"]
                    last = "operationState \(state["phase"].stringValue ?? "none") at \(state["syncResult"]["revision"].stringValue ?? "no revision")"
                }
            } catch let error as KubeError where error.isTransient {
                last = "\(error)"
            }
            if ContinuousClock.now >= deadline {
                throw StepError.terminal("Argo CD Application \(namespace)/\(name) did not sync \(revision) within the deadline (last: \(last)); see `kubectl get application -n \(namespace) \(name) -o yaml`")
            }
            try await Task.sleep(for: pollInterval)
        }
    }
}
