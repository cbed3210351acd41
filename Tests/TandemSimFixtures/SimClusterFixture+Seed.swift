import TandemKube
import TandemKubeModel
import TandemPlan

extension SimClusterFixture {
    /// Seeds `plan`'s services at `version` as `tandem sim seed` does (WorldSeeder, blue/green), and waits until
    /// every Rollout is Healthy on it. The plan's namespaces are created first, as a team's cluster has them.
    public func seed(_ plan: ReleasePlan, version: String, timeout: Duration) async throws {
        let services = SeedService.services(of: plan)
        for namespace in Set(services.map(\.namespace)).sorted() {
            // Already there is fine: only its existence matters.
            _ = try? await client.create(.namespaces, ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        }
        _ = try await WorldSeeder(client: client).seed(services, version: version, timeout: timeout)
    }
}
