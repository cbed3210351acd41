import TandemEngine
import TandemPlan
import TandemStore

/// Starts and drives a release in this process — the one path of `release start` and `release promote`:
/// connects to the environment's cluster, records the release (`ReleaseStarter.start` runs the GitOps
/// preflight, or refuses Rollouts Argo CD manages unless allowed, and checks what the environment
/// requires) and drives it.
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
        var request = request
        request.allowArgoCDManaged = allowArgoCDManaged
        try await ReleaseDriver.connectAndDrive(.start(request), cluster: cluster.forEnvironment(environment), store: store,
                                                progress: progress, wait: wait, timeout: timeout, json: json)
    }
}
