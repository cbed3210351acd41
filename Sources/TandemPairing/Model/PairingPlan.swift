/// What pairing needs to know about a release plan, in tandem's own small terms so the pure
/// code here does not depend on how the plan is loaded. `PairingPlan+TandemPlan.swift` maps a
/// `ReleasePlan` onto it.
public struct PairingPlan: Sendable, Hashable {
    /// `metadata.name` of the plan (recorded in the `tandem.dev/plan` label).
    public var name: String
    public var mode: PairingMode
    /// Services in plan order.
    public var services: [PairingService]
    /// Consumer → dependency edges that write a ConfigMap key, in plan order.
    public var edges: [PairingEdge]

    public init(name: String, mode: PairingMode = .revision, services: [PairingService], edges: [PairingEdge]) {
        self.name = name
        self.mode = mode
        self.services = services
        self.edges = edges
    }

    public func service(_ name: String) -> PairingService? { services.first { $0.name == name } }

    /// The edges whose consumer is `service`.
    public func edges(from service: String) -> [PairingEdge] { edges.filter { $0.consumer == service } }

    /// Services some consumer calls through a ConfigMap key.
    public var dependencies: [PairingService] {
        services.filter { service in edges.contains { $0.dependency == service.name } }
    }

    /// Services that read at least one dependency address from a ConfigMap.
    public var consumers: [PairingService] {
        services.filter { service in edges.contains { $0.consumer == service.name } }
    }
}

/// How a consumer is pointed at its dependency's new version.
public enum PairingMode: String, Sendable, Hashable, CaseIterable {
    /// A Service pinned to the dependency's exact revision (`rollouts-pod-template-hash`).
    case revision
    /// The dependency's previewService during the release, its activeService afterwards.
    case preview
}

/// One service of the plan: an Argo Rollout and the container whose image changes.
public struct PairingService: Sendable, Hashable {
    public var name: String
    public var rollout: String
    public var namespace: String
    /// The container whose image changes; `nil` means the template's only container.
    public var container: String?
    /// Image repository without tag.
    public var image: String

    public init(name: String, rollout: String? = nil, namespace: String, container: String? = nil, image: String) {
        self.name = name
        self.rollout = rollout ?? name
        self.namespace = namespace
        self.container = container
        self.image = image
    }
}

/// A consumer reads the address of `dependency` from `key` of ConfigMap `configMap`.
public struct PairingEdge: Sendable, Hashable {
    public var consumer: String
    public var dependency: String
    /// The base name of the consumer's ConfigMap (versioned copies are `<configMap>-<hash>`).
    public var configMap: String
    public var key: String
    /// `{host}`, `{port}`, `{namespace}` template of the value (default `{host}`).
    public var valueTemplate: String

    public init(consumer: String, dependency: String, configMap: String, key: String, valueTemplate: String = "{host}") {
        self.consumer = consumer
        self.dependency = dependency
        self.configMap = configMap
        self.key = key
        self.valueTemplate = valueTemplate
    }
}
