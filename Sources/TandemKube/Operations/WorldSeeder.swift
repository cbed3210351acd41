import Foundation
import TandemKubeModel

/// A service to seed, independent of the plan model (the CLI maps plan services to this).
public struct SeedService: Sendable, Equatable {
    public struct Dependency: Sendable, Equatable {
        public var service: String
        public var configMap: String?
        public var key: String?
        /// Value template with `{host}`, `{port}`, `{namespace}`.
        public var value: String
        public init(service: String, configMap: String? = nil, key: String? = nil, value: String = "{host}") {
            self.service = service
            self.configMap = configMap
            self.key = key
            self.value = value
        }
    }

    public var name: String
    public var rollout: String
    public var container: String
    public var image: String
    public var namespace: String
    public var dependsOn: [Dependency]

    public init(name: String, rollout: String? = nil, container: String? = nil, image: String, namespace: String,
                dependsOn: [Dependency] = []) {
        self.name = name
        self.rollout = rollout ?? name
        self.container = container ?? name
        self.image = image
        self.namespace = namespace
        self.dependsOn = dependsOn
    }
}

/// Builds and applies a ready world for a set of services: per service a Rollout with the
/// `SeedStrategy` (blue/green: Services `<service>-active`/`<service>-preview`; canary:
/// `<service>-stable`/`<service>-canary`, all on 8080), and the consumers' ConfigMaps pointing at
/// their dependencies' active (blue/green) or stable (canary) Services.
public struct WorldSeeder: Sendable {
    public static let port = 8080
    public let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    /// The manifests, ConfigMaps first, then Services, then Rollouts (so pods start with their configuration).
    public static func manifests(for services: [SeedService], version: String, strategy: SeedStrategy = .blueGreen) -> [JSON] {
        let roles = strategy.serviceRoles
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var configMaps: [String: (namespace: String, data: [String: String])] = [:]
        var serviceObjects: [JSON] = []
        var rollouts: [JSON] = []
        for service in services {
            var env: [JSON] = []
            for dependency in service.dependsOn {
                guard let configMap = dependency.configMap, let key = dependency.key else { continue }
                let target = byName[dependency.service]
                let targetNamespace = target?.namespace ?? service.namespace
                let host = "\(dependency.service)-\(roles.consumed)" + (targetNamespace == service.namespace ? "" : ".\(targetNamespace)")
                let value = render(dependency.value, host: host, port: port, namespace: targetNamespace)
                configMaps["\(service.namespace)/\(configMap)", default: (service.namespace, [:])].data[key] = value
                env.append(["name": .string(key), "valueFrom": ["configMapKeyRef": ["name": .string(configMap), "key": .string(key)]]])
            }
            for role in [roles.consumed, roles.other] {
                serviceObjects.append(Service.make(name: "\(service.name)-\(role)", namespace: service.namespace,
                                                   selector: ["app": service.name],
                                                   ports: [ServicePort(name: "http", port: port)]).raw)
            }
            var container: JSON = ["name": .string(service.container), "image": .string("\(service.image):\(version)"),
                                   "ports": [["containerPort": .int(port), "name": "http"]]]
            if !env.isEmpty { container["env"] = .array(env) }
            var rollout = Rollout.skeleton(name: service.rollout, namespace: service.namespace, labels: ["app": service.name])
            rollout["spec"] = [
                "replicas": .int(strategy.replicas),
                "revisionHistoryLimit": 10,
                "selector": ["matchLabels": ["app": .string(service.name)]],
                "strategy": strategy.strategyJSON(service: service.name),
                "template": ["metadata": ["labels": ["app": .string(service.name)]],
                             "spec": ["containers": [container]]],
            ]
            rollouts.append(rollout)
        }
        let maps = configMaps.keys.sorted().map { key -> JSON in
            let entry = configMaps[key]!
            return ConfigMap.make(name: String(key.split(separator: "/", maxSplits: 1)[1]), namespace: entry.namespace, data: entry.data).raw
        }
        return maps + serviceObjects + rollouts
    }

    static func render(_ template: String, host: String, port: Int, namespace: String) -> String {
        template.replacingOccurrences(of: "{host}", with: host)
            .replacingOccurrences(of: "{port}", with: String(port))
            .replacingOccurrences(of: "{namespace}", with: namespace)
    }

    /// Applies the world, then waits until every Rollout is Healthy at `version`.
    public func seed(_ services: [SeedService], version: String, strategy: SeedStrategy = .blueGreen, timeout: Duration = .seconds(120),
                     progress: @Sendable (String) -> Void = { _ in }) async throws -> [ManifestApplier.Result] {
        let applier = ManifestApplier(client: client)
        var results: [ManifestApplier.Result] = []
        for object in Self.manifests(for: services, version: version, strategy: strategy) {
            let type = try applier.resourceType(of: object, source: "seed")
            let result = try await applier.apply(object, as: type)
            progress(result.description)
            results.append(result)
        }
        let deadline = ContinuousClock.now + timeout
        for service in services {
            let image = "\(service.image):\(version)"
            let rollout = try await client.waitForRollout(service.rollout, namespace: service.namespace,
                                                          until: .healthy(image: image), deadline: deadline)
            progress("rollout \(service.namespace)/\(rollout.name) Healthy at \(image)")
        }
        return results
    }
}
