import Foundation
import TandemKube
import TandemSim

/// An in-process simulated cluster and a client of it, connected as tandem connects: through the kubeconfig
/// the simulator writes, in its current context (the admin: a client certificate over TLS, else the admin token).
/// The home of every in-process test world; `stop()` ends both, and removes `kubeconfigOut` when one was asked for.
public struct SimClusterFixture: Sendable {
    public let cluster: SimulatedCluster
    public let client: KubeClient

    /// Starts the cluster with `options` and a client whose default namespace is `namespace`.
    public static func start(_ options: SimulatedClusterOptions, namespace: String) async throws -> SimClusterFixture {
        let cluster = try await SimulatedCluster.start(options: options)
        do {
            let config = try KubeConfig.parse(cluster.kubeconfigYAML, file: "sim.kubeconfig")
            let client = try KubeClient(connection: try KubeClient.connection(from: config, context: nil, namespace: namespace))
            return SimClusterFixture(cluster: cluster, client: client)
        } catch {
            await cluster.stop()
            throw error
        }
    }

    public func stop() async {
        await client.shutdown()
        await cluster.stop()
        if let path = cluster.kubeconfigPath { try? FileManager.default.removeItem(atPath: path) }
    }
}
