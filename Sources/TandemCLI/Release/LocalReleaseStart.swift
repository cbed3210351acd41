import TandemEngine
import TandemPlan
import TandemStore

/// Starts and drives a release in this process — the one path of `release start` and `release promote`:
/// connects to the environment's cluster, refuses Rollouts Argo CD manages (unless allowed), records the
/// release (`ReleaseStarter.start` checks what the environment requires) and drives it.
struct LocalReleaseStart {
    var request: ReleaseRequest
    var environment: Environment?
    var cluster: ClusterOptions
    var progress: ProgressOptions
    var allowArgoCDManaged: Bool
    var wait: Bool
    var timeout: Duration?
    var json: Bool

    func run(store: ReleaseStore) async throws {
        // Refusals that need no cluster come first: `--to dr` names what DR misses even where DR is out of reach.
        do { try await ReleaseStarter.check(request, store: store) } catch { throw CLIFailure(error) }
        try await cluster.forEnvironment(environment).withClient { client in
            if !allowArgoCDManaged { try await GitOpsStartGate.refuseArgoCDManaged(request.plan, client: client) }
            let context: ReleaseContext
            do {
                (_, context) = try await ReleaseStarter.start(request, client: client, store: store, options: try progress.engineOptions())
            } catch {
                throw CLIFailure(error)
            }
            try await ReleaseDriver.drive(context, wait: wait, timeout: timeout, json: json, printFrom: 0,
                                          progress: progress.mode(json: json))
        }
    }
}
