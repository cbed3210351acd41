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
        try await ReleaseDriver.connectAndDrive(.start(request), cluster: cluster.forEnvironment(environment), store: store,
                                                progress: progress, wait: wait, timeout: timeout, json: json) { reads in
            if !allowArgoCDManaged { try await GitOpsStartGate.refuseArgoCDManaged(request.plan, reads: reads) }
        }
    }
}
