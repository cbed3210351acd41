import TandemKube
import TandemKubeModel

/// One service's objects as `tandem sim seed` writes them (`WorldSeeder.manifests`), created without waiting:
/// for tests that put faults or watches in place around the creation itself.
public enum SeededService {
    /// Creates `service`'s Services and Rollout at `version`, with `rolloutPatch` merged into the Rollout.
    public static func create(_ service: SeedService, version: String, rolloutPatch: JSON = .null, client: KubeClient) async throws {
        let applier = ManifestApplier(client: client)
        for var object in WorldSeeder.manifests(for: [service], version: version) {
            let type = try applier.resourceType(of: object, source: "seed")
            if type == .rollouts, !rolloutPatch.isNull { object = MergePatch.apply(rolloutPatch, to: object) }
            _ = try await client.create(type, namespace: service.namespace, object)
        }
    }
}
