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

        --strategy canary gives every service a basic canary Rollout instead (--replicas pods, default 5; \
        --steps, default 20,pause,50,pause,100) with Services <service>-stable and <service>-canary; \
        consumers' ConfigMaps then point at the dependency's stable Service.

        Example:
          tandem sim seed plans/loan-app.yaml --version 1.0 --sim
          tandem sim seed plans/loan-app.yaml --version 1.0 --kubeconfig .tandem/sim.kubeconfig
          tandem sim seed plans/loan-app-canary.yaml --version 1.0 --strategy canary --steps 20,pause,50,pause,100
        """)

    @Argument(help: "The release plan file.") var plan: String
    @Option(help: "Image tag every service starts at.") var version: String
    @Option(help: "How long to wait for every Rollout to be Healthy, e.g. 2m.") var timeout: String = "2m"
    @Option(help: "Rollout strategy: blue-green or canary.") var strategy: String = "blue-green"
    @Option(help: "Canary steps, comma-separated: a weight (0-100), pause, or pause:DURATION.") var steps: String?
    @Option(help: "Canary replicas per service (default 5).") var replicas: Int?
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        let plan = try PlanFileLoading.loadOrFail(self.plan)
        try VersionArguments.requireTag(version, option: "--version")
        guard let wait = try? KubeDuration.parse(timeout) else {
            complain("tandem sim seed: --timeout \"\(timeout)\" is not a duration; use e.g. 90s or 2m")
            throw ReportedFailure(.invalidInput)
        }
        let seedStrategy = try seedStrategy()
        let services = Self.seedServices(plan, namespaceOverride: cluster.namespace)
        try await cluster.withClient { client in
            _ = try await WorldSeeder(client: client).seed(services, version: version, strategy: seedStrategy, timeout: wait) { print($0) }
        }
        print("seeded \(services.count) services at version \(version)")
    }

    /// `--strategy`, `--steps` and `--replicas` as a `SeedStrategy`; bad values are exit 2 with the fix.
    func seedStrategy() throws -> SeedStrategy {
        func fail(_ message: String) -> ReportedFailure {
            complain("tandem sim seed: \(message)")
            return ReportedFailure(.invalidInput)
        }
        switch strategy {
        case "blue-green", "bluegreen":
            if steps != nil || replicas != nil { throw fail("--steps and --replicas apply only to --strategy canary") }
            return .blueGreen
        case "canary":
            let replicas = self.replicas ?? 5
            guard replicas >= 1 else { throw fail("--replicas \(replicas) must be at least 1") }
            guard let steps else { return .canary(steps: SeedStrategy.defaultCanarySteps, replicas: replicas) }
            switch CanaryStepSpec.parseList(steps) {
            case .success(let parsed): return .canary(steps: parsed, replicas: replicas)
            case .failure(let error): throw fail("--steps \(error); e.g. --steps 20,pause,50,pause:30s,100")
            }
        default:
            throw fail("--strategy \"\(strategy)\" is not known; use blue-green or canary")
        }
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
