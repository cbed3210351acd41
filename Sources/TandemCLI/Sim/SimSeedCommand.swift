import ArgumentParser
import Foundation
import TandemKube
import TandemKubeModel
import TandemPlan

/// `tandem sim seed <plan> --version V` — a ready world for a plan.
struct SimSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Create a ready world for a release plan: Rollouts, active/preview Services and ConfigMaps, all Healthy.",
        discussion: """
        Per service: a blue/green Rollout (2 replicas, autoPromotionEnabled: false, selector app=<service>, \
        one container named by the plan's `container` or the service, image <plan image>:<version>) and Services \
        <service>-active and <service>-preview on port 8080. Each dependsOn with a configMap gets that ConfigMap \
        with key = the dependency's active Service rendered through the plan's value template, referenced \
        from the consumer's template via env configMapKeyRef. Waits until every Rollout is Healthy at the version.

        Example:
          tandem sim seed plans/loan-app.yaml --version 1.0 --sim
          tandem sim seed plans/loan-app.yaml --version 1.0 --kubeconfig .tandem/sim.kubeconfig
        """)

    @Argument(help: "The release plan file.") var plan: String
    @Option(help: "Image tag every service starts at.") var version: String
    @Option(help: "How long to wait for every Rollout to be Healthy, e.g. 2m.") var timeout: String = "2m"
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let plan = try PlanFileLoading.loadOrFail(self.plan)
        try VersionArguments.requireTag(version, option: "--version")
        guard let wait = try? KubeDuration.parse(timeout) else {
            PlanFileLoading.printError("tandem sim seed: --timeout \"\(timeout)\" is not a duration; use e.g. 90s or 2m")
            throw ReportedFailure(.invalidInput)
        }
        let services = Self.seedServices(plan, namespaceOverride: cluster.namespace)
        try await cluster.withClient { client in
            _ = try await WorldSeeder(client: client).seed(services, version: version, timeout: wait) { print($0) }
        }
        print("seeded \(services.count) services at version \(version)")
    }

    /// The plan's services as seed input (`--namespace` overrides the plan's namespaces).
    static func seedServices(_ plan: ReleasePlan, namespaceOverride: String?) -> [SeedService] {
        plan.services.map { service in
            SeedService(name: service.name, rollout: service.rollout, container: service.container, image: service.image,
                        namespace: namespaceOverride ?? service.effectiveNamespace(in: plan),
                        dependsOn: service.dependsOn.map {
                            SeedService.Dependency(service: $0.service, configMap: $0.configMap, key: $0.key, value: $0.value)
                        })
        }
    }
}
