import TandemKube
import TandemPlan

extension SeedService {
    /// A plan's services as seed input, field for field as `tandem sim seed` maps them
    /// (TandemCLI's `SimSeedCommand.seedServices`, without its `--namespace` override). The CLI's mapping is
    /// not reachable from here: the tests of the modules below the CLI must not build it.
    public static func services(of plan: ReleasePlan) -> [SeedService] {
        plan.services.map { service in
            SeedService(name: service.name, rollout: service.rollout, container: service.container, image: service.image,
                        namespace: service.effectiveNamespace(in: plan),
                        dependsOn: service.dependsOn.map {
                            SeedService.Dependency(service: $0.service, configMap: $0.configMap, key: $0.key, value: $0.value)
                        })
        }
    }
}
