import TandemPlan
import TandemStore

/// An environment that `requires` another takes only version sets that succeeded there: checked at every
/// start (`release start --env`, `release promote`, the server's API) before anything is locked or written.
public enum EnvironmentRequirement {
    /// A rollback (`release rollback`) restores versions that already ran in its environment and is not checked.
    public static func check(_ request: ReleaseRequest, store: ReleaseStore) async throws {
        guard request.rollbackOf == nil, let name = request.environment, let environment = request.plan.environment(named: name),
              let required = environment.requires else { return }
        if try await store.succeededRelease(plan: request.plan.name, environment: required, versions: request.versions) != nil {
            return
        }
        let versions = request.versions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        let latest = try await store.releases(plan: request.plan.name, environment: required, states: [.succeeded], limit: 1).first
        let nearest = latest.map { release in
            let differing = request.versions.keys.sorted().filter { release.versions[$0] != request.versions[$0] }
                .map { "\($0)=\(request.versions[$0] ?? "?") (\(required) has \(release.versions[$0] ?? "none"))" }
            let extra = release.versions.keys.sorted().filter { request.versions[$0] == nil }.map { "\($0)=\(release.versions[$0] ?? "?")" }
            var text = "; the last release that succeeded in \(required) is \(release.id)"
            if !differing.isEmpty { text += ", which differs in \(differing.joined(separator: ", "))" }
            if !extra.isEmpty { text += ", which also set \(extra.joined(separator: ", "))" }
            return text
        } ?? "; no release of plan \(request.plan.name) has succeeded in \(required) yet"
        throw EnvironmentError("environment \(name) requires \(required): versions \(versions) have not succeeded in \(required)"
            + "\(nearest). Release them to \(required) first, then `tandem release promote <id> --to \(name)`")
    }
}
