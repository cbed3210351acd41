import TandemPlan

/// Which environment of a plan a release goes to (`--env`, `promote --to`, `"environment"` of
/// `POST /api/releases`), checked the same way for every way in.
public enum EnvironmentSelection {
    /// The plan as released in environment `name` and the environment; `(plan, nil)` for a plan without
    /// environments and no name. A plan with environments needs a name that it lists; a plan without
    /// environments takes none.
    public static func resolve(_ plan: ReleasePlan, environment name: String?, option: String = "--env") throws
        -> (plan: ReleasePlan, environment: Environment?) {
        let names = plan.environments.map(\.name)
        guard let name else {
            if names.isEmpty { return (plan, nil) }
            throw EnvironmentError("plan \(plan.name) lists environments (\(names.joined(separator: ", "))): "
                + "pass \(option) with one of them, e.g. \(option) \(names[0])")
        }
        guard !names.isEmpty else {
            throw EnvironmentError("plan \(plan.name) lists no spec.environments, so \(option) \(name) has nothing to select: "
                + "leave \(option) out, or add environments to the plan (docs/environments.md)")
        }
        guard let environment = plan.environment(named: name) else {
            throw EnvironmentError("plan \(plan.name) has no environment \"\(name)\"; its environments are \(names.joined(separator: ", "))")
        }
        return (plan.applying(environment), environment)
    }
}
