import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

/// How a test client authenticates to the simulated cluster.
enum AuthMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case clientCertificate, bearerToken, execPlugin, inCluster
    var testDescription: String { rawValue }
}

/// A simulated cluster over HTTPS with faults enabled, and clients for each auth mode.
final class SimHarness: Sendable {
    let cluster: SimulatedCluster
    let dir: TempDir

    static func start(tls: Bool = true) async throws -> SimHarness {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(
            tls: tls, readyDelay: .milliseconds(30), faultsEnabled: true))
        return SimHarness(cluster: cluster)
    }

    private init(cluster: SimulatedCluster) {
        self.cluster = cluster
        self.dir = TempDir()
    }

    func stop() async { await cluster.stop() }

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

    /// Adds a fault rule (docs/simulator.md).
    func fault(_ rule: JSON) async throws {
        let client = try self.client(.clientCertificate)
        defer { Task { await client.shutdown() } }
        _ = try await client.json(KubeRequest(info: RequestInfo(method: "POST", path: "/tandem-sim/faults", verb: "create"),
                                              body: Array(rule.serialized()), contentType: "application/json"))
    }

    func activeFaults() async throws -> [JSON] {
        let client = try self.client(.clientCertificate)
        defer { Task { await client.shutdown() } }
        return try await client.getPath("/tandem-sim/faults")["faults"].arrayValue ?? []
    }
}


/// A blue/green Rollout as `tandem sim seed` creates them, with its two Services.
enum Fixtures {
    static func rollout(_ name: String, namespace: String, image: String, extra: JSON = .null) -> JSON {
        var raw: JSON = [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "replicas": 2, "revisionHistoryLimit": 5,
                "selector": ["matchLabels": ["app": .string(name)]],
                "strategy": ["blueGreen": ["activeService": .string("\(name)-active"), "previewService": .string("\(name)-preview"),
                                           "autoPromotionEnabled": false, "scaleDownDelaySeconds": 0]],
                "template": ["metadata": ["labels": ["app": .string(name)]],
                             "spec": ["containers": [["name": .string(name), "image": .string(image),
                                                      "ports": [["containerPort": 8080]]]]]],
            ],
        ]
        if !extra.isNull { raw = MergePatch.apply(extra, to: raw) }
        return raw
    }

    static func services(_ name: String, namespace: String) -> [Service] {
        ["active", "preview"].map {
            Service.make(name: "\(name)-\($0)", namespace: namespace, selector: ["app": name], ports: [ServicePort(name: "http", port: 8080)])
        }
    }

    static func deploy(_ client: KubeClient, _ name: String, namespace: String, image: String, extra: JSON = .null) async throws {
        for service in services(name, namespace: namespace) { try await client.createService(service) }
        _ = try await client.create(.rollouts, namespace: namespace, rollout(name, namespace: namespace, image: image, extra: extra))
    }
}
