/// One service of a plan: an Argo Rollout whose image changes in a release.
public struct ServiceSpec: Sendable, Equatable, Hashable {
    /// Unique DNS-1123 label.
    public var name: String
    /// Argo Rollout name (default: `name`).
    public var rollout: String
    /// Namespace override; `nil` means the plan's namespace. See `effectiveNamespace(in:)`.
    public var namespace: String?
    /// Container whose image changes; `nil` means the Rollout's only container.
    public var container: String?
    /// Image repository without tag or digest; the tag comes from the release.
    public var image: String
    /// What this service calls, in plan order.
    public var dependsOn: [Dependency]
    /// Optional HTTP check through the preview Service before promotion.
    public var verify: VerifyCheck?
    /// Optional time limit for this service's rollout to become healthy, in seconds.
    public var deadlineSeconds: Int?
    /// Where this service's fields were written.
    public var positions: FieldPositions
    /// GitOps mode: this service's kustomize directory, relative to `spec.gitops.repo`.
    public var manifests: String? = nil
    /// GitOps mode: the Argo CD Application that syncs `manifests` (nil = the service's name).
    public var application: String? = nil

    public init(
        name: String, rollout: String? = nil, namespace: String? = nil, container: String? = nil,
        image: String, dependsOn: [Dependency] = [], verify: VerifyCheck? = nil,
        deadlineSeconds: Int? = nil, positions: FieldPositions = FieldPositions()
    ) {
        self.name = name
        self.rollout = rollout ?? name
        self.namespace = namespace
        self.container = container
        self.image = image
        self.dependsOn = dependsOn
        self.verify = verify
        self.deadlineSeconds = deadlineSeconds
        self.positions = positions
    }

    /// The Argo CD Application of this service in GitOps mode.
    public var applicationName: String { application ?? name }

    /// The namespace this service's objects live in.
    public func effectiveNamespace(in plan: ReleasePlan) -> String { namespace ?? plan.namespace }
}

/// A consumer → dependency edge. With `configMap` and `key`, tandem writes the dependency's
/// address into that key of the consumer's ConfigMap; without them the edge only orders the release.
public struct Dependency: Sendable, Equatable, Hashable {
    /// The service called.
    public var service: String
    /// ConfigMap the consumer's pods read (both or neither of `configMap` and `key`).
    public var configMap: String?
    public var key: String?
    /// Template of the value written: `{host}`, `{port}`, `{namespace}` (default `{host}`).
    public var value: String
    public var positions: FieldPositions

    public static let defaultValue = "{host}"
    /// The placeholders a value template may use.
    public static let placeholders = ["host", "port", "namespace"]

    public init(
        service: String, configMap: String? = nil, key: String? = nil,
        value: String = Dependency.defaultValue, positions: FieldPositions = FieldPositions()
    ) {
        self.service = service
        self.configMap = configMap
        self.key = key
        self.value = value
        self.positions = positions
    }

    /// True when the edge writes a ConfigMap key (and is not only an ordering edge).
    public var writesConfig: Bool { configMap != nil && key != nil }
}

/// An HTTP check made through the service's preview Service before it is promoted.
public struct VerifyCheck: Sendable, Equatable, Hashable {
    /// Request path (default `/`).
    public var path: String
    /// Expected HTTP status (default 200).
    public var expectStatus: Int
    /// Text the response body must contain, if any.
    public var expectBodyContains: String?

    public init(path: String = "/", expectStatus: Int = 200, expectBodyContains: String? = nil) {
        self.path = path
        self.expectStatus = expectStatus
        self.expectBodyContains = expectBodyContains
    }
}
