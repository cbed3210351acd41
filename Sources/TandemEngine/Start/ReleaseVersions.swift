import TandemPlan

/// The versions a release asks for — a tag for every service, then one per service — checked in one
/// place for the CLI (`--version V`, `--set svc=tag`) and the server (`"version"`, `"set"`). Each front
/// end words a `Problem` for its own inputs.
public enum ReleaseVersions {
    /// Why the versions cannot be used; the first one found, in this order.
    public enum Problem: Error, Sendable, Equatable {
        /// Per-service tags for services that are not in the plan (sorted).
        case unknownServices([String])
        /// The tag for every service is not a valid image tag (`ImageTag.problem`).
        case invalidVersion(problem: String)
        /// The tag for `service` is not a valid image tag.
        case invalidTag(service: String, problem: String)
        /// Neither a tag for every service nor one for any service (when some are required).
        case noVersions
    }

    /// service → tag: `version` for every service of `plan`, overridden by `overrides` (later entries win).
    /// Checks the services named, then `version`, then each override's tag in order.
    public static func resolve(plan: ReleasePlan, version: String?, overrides: [(service: String, tag: String)],
                               requireSome: Bool = true) throws(Problem) -> [String: String] {
        let unknown = Set(overrides.map(\.service).filter { plan.service(named: $0) == nil }).sorted()
        guard unknown.isEmpty else { throw .unknownServices(unknown) }
        if let version, let problem = ImageTag.problem(version) { throw .invalidVersion(problem: problem) }
        for (service, tag) in overrides {
            if let problem = ImageTag.problem(tag) { throw .invalidTag(service: service, problem: problem) }
        }
        var versions: [String: String] = [:]
        if let version { for service in plan.services { versions[service.name] = version } }
        for (service, tag) in overrides { versions[service] = tag }
        if requireSome, versions.isEmpty { throw .noVersions }
        return versions
    }
}
