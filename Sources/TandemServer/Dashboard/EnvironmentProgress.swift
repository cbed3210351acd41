import Foundation
import TandemPlan
import TandemStore
import TandemRelease

/// How far one version set of a plan got through the plan's environments, for the releases list:
/// `staging ✓ → production waiting → dr —`. Each stage is the newest release of exactly those versions in that
/// environment (none: "—"). Built from the releases shown; the order of the environments is the plan's.
struct EnvironmentProgress: Sendable, Equatable {
    struct Stage: Sendable, Equatable {
        var environment: String
        var releaseID: String?
        var state: ReleaseState?

        /// "✓", "waiting", "rolled back", … or "—" when the version set never ran there.
        var mark: String {
            switch state {
            case nil: "—"
            case .succeeded?: "✓"
            case .rollingBack?: "rolling back"
            case .rolledBack?: "rolled back"
            case let other?: other.rawValue
            }
        }
    }

    var plan: String
    var versions: [String: String]
    var stages: [Stage]

    /// "staging ✓ → production waiting → dr —".
    var text: String { stages.map { "\($0.environment) \($0.mark)" }.joined(separator: " → ") }

    /// One row per plan and version set released to an environment, newest first, at most `limit`.
    /// `environments`: plan name → its environments in order; one a plan does not name (an older plan) goes last.
    static func rows(_ releases: [ReleaseSummaryView], environments: [String: [String]], limit: Int = 20) -> [EnvironmentProgress] {
        var rows: [EnvironmentProgress] = []
        var index: [String: Int] = [:]
        for release in releases {  // newest first: the first release seen per environment is the newest
            guard let environment = release.environment else { continue }
            let key = release.plan + "\u{0}" + ReleasePage.versionList(release.versions)
            let position: Int
            if let known = index[key] {
                position = known
            } else {
                guard rows.count < limit else { continue }
                position = rows.count
                index[key] = position
                let order = environments[release.plan] ?? []
                rows.append(EnvironmentProgress(plan: release.plan, versions: release.versions,
                                                stages: order.map { Stage(environment: $0) }))
            }
            if let stage = rows[position].stages.firstIndex(where: { $0.environment == environment }) {
                if rows[position].stages[stage].releaseID == nil {
                    rows[position].stages[stage].releaseID = release.id
                    rows[position].stages[stage].state = release.state
                }
            } else {
                rows[position].stages.append(Stage(environment: environment, releaseID: release.id, state: release.state))
            }
        }
        return rows
    }

    /// Each plan's environments in order, read from the plan stored with its newest release that has an environment.
    static func environmentOrder(of releases: [ReleaseSummaryView], store: ReleaseStore) async throws -> [String: [String]] {
        var order: [String: [String]] = [:]
        for release in releases where release.environment != nil && order[release.plan] == nil {
            let record = try await store.release(release.id)
            let plan = try? PlanLoader.load(text: record.planContent, file: record.planPath ?? "stored plan of \(record.id)")
            order[release.plan] = plan?.environments.map(\.name) ?? []
        }
        return order
    }
}
