import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim
import TandemSimFixtures

/// How a test client authenticates to the simulated cluster.
enum AuthMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case clientCertificate, bearerToken, execPlugin, inCluster
    var testDescription: String { rawValue }
}

/// A simulated cluster over HTTPS with faults enabled (SimClusterFixture), and clients for each auth mode.
final class SimHarness: Sendable {
    let sim: SimClusterFixture
    let dir: TempDir

    var cluster: SimulatedCluster { sim.cluster }

    static func start(tls: Bool = true) async throws -> SimHarness {
        SimHarness(sim: try await SimClusterFixture.start(
            SimulatedClusterOptions(tls: tls, readyDelay: .milliseconds(30), faultsEnabled: true), namespace: "default"))
    }

    private init(sim: SimClusterFixture) {
        self.sim = sim
        self.dir = TempDir()
    }

    func stop() async { await sim.stop() }

    var fastRetry: RetryPolicy { RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50)) }

    func connection(_ mode: AuthMode, namespace: String) throws -> ClusterConnection {
        let config = try KubeConfig.parse(cluster.kubeconfigYAML, file: dir.path + "/sim.kubeconfig")
        switch mode {
        case .clientCertificate:
            return try KubeClient.connection(from: config, context: "tandem-sim", namespace: namespace)
        case .bearerToken:
            return try KubeClient.connection(from: config, context: "tandem-sim-token", namespace: namespace)
        case .execPlugin:
            let script = dir.write("exec-plugin.sh", """
            #!/bin/sh
            echo run >> "\(dir.path)/exec-runs"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"2099-01-01T00:00:00Z"}}' "$SIM_TOKEN"
            """, executable: true)
            var connection = try KubeClient.connection(from: config, context: "tandem-sim-token", namespace: namespace)
            connection.auth = .exec(ExecConfig(command: script, env: ["SIM_TOKEN": cluster.adminToken],
                                               installHint: "test plugin", provideClusterInfo: true,
                                               clusterInfo: ["server": cluster.baseURL.absoluteString]))
            return connection
        case .inCluster:
            dir.write("sa/token", cluster.adminToken + "\n")
            dir.write("sa/ca.crt", cluster.caCertificatePEM ?? "")
            dir.write("sa/namespace", namespace)
            let env = ["KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": "\(cluster.port)"]
            return try InClusterConfig(directory: dir.path + "/sa", environment: env).connection()
        }
    }

    func client(_ mode: AuthMode, namespace: String = "default", readOnly: Bool = false,
                retry: RetryPolicy? = nil, requestTimeout: Duration = .seconds(30)) throws -> KubeClient {
        var connection = try self.connection(mode, namespace: namespace)
        if readOnly { connection.auth = .token(cluster.readOnlyToken) }
        return try KubeClient(connection: connection, retryPolicy: retry ?? fastRetry, requestTimeout: requestTimeout)
    }

    /// Adds a fault rule (docs/simulator.md), as the admin.
    func fault(_ rule: JSON) async throws {
        _ = try await sim.client.json(KubeRequest(info: RequestInfo(method: "POST", path: "/tandem-sim/faults", verb: "create"),
                                                  body: Array(rule.serialized()), contentType: "application/json"))
    }

    func activeFaults() async throws -> [JSON] {
        try await sim.client.getPath("/tandem-sim/faults")["faults"].arrayValue ?? []
    }
}

/// One service deployed as `tandem sim seed` writes it (SeededService): a blue/green Rollout and its two Services.
enum Fixtures {
    /// Creates the Services and the Rollout of `name` (selector app=`name`, one container `name`) at `image`
    /// (`repository:tag`), without waiting for it, with `extra` merged into the Rollout. Unlike the seed's, the
    /// Rollout keeps 5 revisions and scales old ReplicaSets down at once, as these tests always had it.
    static func deploy(_ client: KubeClient, _ name: String, namespace: String, image: String, extra: JSON = .null) async throws {
        let colon = try #require(image.lastIndex(of: ":"), "\(image) has no tag")
        let service = SeedService(name: name, image: String(image[..<colon]), namespace: namespace)
        var patch: JSON = ["spec": ["revisionHistoryLimit": 5, "strategy": ["blueGreen": ["scaleDownDelaySeconds": 0]]]]
        if !extra.isNull { patch = MergePatch.apply(extra, to: patch) }
        try await SeededService.create(service, version: String(image[image.index(after: colon)...]), rolloutPatch: patch, client: client)
    }
}
