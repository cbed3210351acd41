import TandemPlan

/// Which services a release touches.
///
/// A service is in the release when its target tag differs from what runs now. In lockstep
/// coupling, a consumer whose configuration names a dependency that is in the release must
/// get a new revision too, even when its own tag is unchanged: its live pods call the
/// dependency's old revision, which is scaled down after promotion. That rule applies
/// transitively. A service left out stays exactly as it is (and stays paired).
public enum ReleaseScope {
    public static func services(in plan: ReleasePlan, target: [String: String], running: [String: String]) -> Set<String> {
        var scope = Set(plan.services.map(\.name).filter { target[$0] != nil && target[$0] != running[$0] })
        guard plan.coupling == .lockstep else { return scope }
        // Consumers with a config edge to a service in scope join it, until nothing changes.
        // Each pass is linear; the number of passes is bounded by the graph's depth.
        var changed = true
        while changed {
            changed = false
            for service in plan.services where !scope.contains(service.name) {
                if service.dependsOn.contains(where: { $0.writesConfig && scope.contains($0.service) }) {
                    scope.insert(service.name)
                    changed = true
                }
            }
        }
        return scope
    }
}
