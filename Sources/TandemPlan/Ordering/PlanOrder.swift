/// The order a release runs in: which services are deployed together, and which are promoted
/// together. Every name is a service name; waves run one after another.
public struct ReleaseOrder: Sendable, Equatable, Hashable {
    public var coupling: Coupling
    public var order: ReleaseOrderKind
    /// Waves of services deployed (as previews for lockstep) together, first wave first.
    public var deployWaves: [[String]]
    /// Waves of services promoted together, first wave first. For lockstep the exact reverse
    /// of `deployWaves`; for independent the same as `deployWaves` (each wave is promoted right
    /// after it is verified, before the next wave is deployed).
    public var promoteWaves: [[String]]

    public init(coupling: Coupling, order: ReleaseOrderKind, deployWaves: [[String]], promoteWaves: [[String]]) {
        self.coupling = coupling
        self.order = order
        self.deployWaves = deployWaves
        self.promoteWaves = promoteWaves
    }
}

/// Computes deploy and promote waves. See docs/plan-format.md ("Release order").
public enum PlanOrder {
    /// The order of a valid plan (as returned by `PlanLoader`). On a plan with a cycle, the
    /// services on or behind the cycle are put in one last wave rather than dropped.
    public static func compute(_ plan: ReleasePlan) -> ReleaseOrder {
        compute(plan, graph: DependencyGraph(plan: plan))
    }

    public static func compute(_ plan: ReleasePlan, graph: DependencyGraph) -> ReleaseOrder {
        let consumersFirst = plan.coupling == .independent && plan.order == .consumersFirst
        let (waves, blocked) = graph.waves(consumersFirst: consumersFirst)
        var deploy = waves.map { $0.map { graph.names[$0] } }
        if !blocked.isEmpty { deploy.append(blocked.map { graph.names[$0] }) }
        let promote = plan.coupling == .lockstep ? Array(deploy.reversed()) : deploy
        return ReleaseOrder(
            coupling: plan.coupling,
            order: plan.coupling == .lockstep ? .dependenciesFirst : plan.order,
            deployWaves: deploy,
            promoteWaves: promote
        )
    }
}
