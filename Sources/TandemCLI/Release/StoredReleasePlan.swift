import TandemEngine
import TandemPlan
import TandemStore

/// The plan stored with a recorded release, applied to its environment: what `resume`, `abort`, `rollback`
/// and `promote` act on, and which kubeconfig context they connect to.
enum StoredReleasePlan {
    /// The stored plan as released in the release's environment (exit 2 when it no longer loads).
    static func target(of release: ReleaseRecord) throws -> (plan: ReleasePlan, environment: Environment?) {
        let plan = try load(release)
        do { return try EnvironmentSelection.resolve(plan, environment: release.environment) } catch {
            throw CLIFailure("the plan stored with \(release.id): \(error)", .invalidInput)
        }
    }

    /// The stored plan as written (every environment).
    static func load(_ release: ReleaseRecord) throws -> ReleasePlan {
        do { return try PlanLoader.load(text: release.planContent, file: release.planPath ?? "stored plan of \(release.id)") } catch {
            throw CLIFailure("the plan stored with \(release.id) no longer loads: \(error)", .invalidInput)
        }
    }
}

extension ClusterOptions {
    /// The cluster of a recorded release: the kubeconfig context of its environment, if it names one.
    func forRelease(_ release: ReleaseRecord) throws -> ClusterOptions {
        guard release.environment != nil else { return self }
        return try forEnvironment(StoredReleasePlan.target(of: release).environment)
    }
}
