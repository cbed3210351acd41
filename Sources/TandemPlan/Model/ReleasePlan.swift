/// A release plan (`apiVersion: tandem/v1alpha1`, `kind: ReleasePlan`) after loading and
/// validation: every default is filled in. See docs/plan-format.md.
public struct ReleasePlan: Sendable, Equatable, Hashable {
    public static let apiVersion = "tandem/v1alpha1"
    public static let kind = "ReleasePlan"

    /// `metadata.name`, a DNS-1123 label.
    public var name: String
    /// Default namespace of every service (`spec.namespace`, default `default`).
    public var namespace: String
    public var coupling: Coupling
    /// Order of waves for independent coupling; always `.dependenciesFirst` for lockstep.
    public var order: ReleaseOrderKind
    /// How consumers are pointed at dependencies; only meaningful for lockstep.
    public var pairing: Pairing
    /// Services rolled at once inside one wave (default 4, at least 1).
    public var maxParallel: Int
    /// Services in plan order (plan order breaks ties inside a wave).
    public var services: [ServiceSpec]
    /// Checkpoints in plan order. Absent in the file → `[Checkpoint.defaultPromote]`.
    public var checkpoints: [Checkpoint]
    /// `spec.environments` in order; empty for a plan released to one cluster.
    public var environments: [Environment] = []
    /// Where the top-level `metadata` and `spec` fields were written.
    public var positions: FieldPositions
    /// `spec.gitops`: release through git commits (nil = direct mode). See GitOpsSpec.
    public var gitops: GitOpsSpec? = nil

    public init(
        name: String, namespace: String = "default", coupling: Coupling = .independent,
        order: ReleaseOrderKind = .dependenciesFirst, pairing: Pairing = .revision,
        maxParallel: Int = 4, services: [ServiceSpec], checkpoints: [Checkpoint] = [.defaultPromote],
        positions: FieldPositions = FieldPositions()
    ) {
        self.name = name
        self.namespace = namespace
        self.coupling = coupling
        self.order = order
        self.pairing = pairing
        self.maxParallel = maxParallel
        self.services = services
        self.checkpoints = checkpoints
        self.positions = positions
    }

    /// The service named `name`, if any.
    public func service(named name: String) -> ServiceSpec? {
        services.first { $0.name == name }
    }
}

/// Whether services are released as one stack (lockstep) or one after another (independent).
public enum Coupling: String, Sendable, Equatable, Hashable, CaseIterable {
    case lockstep
    case independent
}

/// The direction of an independent release.
public enum ReleaseOrderKind: String, Sendable, Equatable, Hashable, CaseIterable {
    case dependenciesFirst
    case consumersFirst
}

/// How a lockstep consumer is pointed at its dependency's new version.
public enum Pairing: String, Sendable, Equatable, Hashable, CaseIterable {
    /// A Service pinned to the dependency's exact new revision (pod-template hash).
    case revision
    /// The dependency's previewService, re-pointed at the activeService after the release.
    case preview
}
