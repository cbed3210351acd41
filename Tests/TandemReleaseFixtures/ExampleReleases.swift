import TandemEngine
import TandemPlan
import TandemStore
import TandemTestSupport

/// Releases as `tandem release start` records them, for tests of what reads and writes recorded releases
/// (the store, the server): the plan is one of plans/ and the program is the engine's own (`ProgramBuilder`,
/// through `ReleaseStarter.newRelease`), so a fixture never holds a program the engine cannot produce.
public enum ExampleReleases {
    /// What `release start plans/<plan> --version <version>` records with every service of the plan in the
    /// release. `edits` change the plan's text first (`ExamplePlans.text(_:replacing:)`).
    public static func newRelease(plan file: String = "loan-app.yaml", replacing edits: [(String, String)] = [],
                                  version: String = "v2", startedBy: String = "ci-bot", startedBySource: String? = "flag:--by",
                                  lockKeys: [String] = []) throws -> NewRelease {
        let text = try ExamplePlans.text(file, replacing: edits)
        let plan = try PlanLoader.load(text: text, file: "plans/\(file)")
        let request = ReleaseRequest(plan: plan, planContent: text, planPath: "plans/\(file)",
                                     versions: Dictionary(uniqueKeysWithValues: plan.services.map { ($0.name, version) }),
                                     startedBy: startedBy, startedBySource: startedBySource)
        return ReleaseStarter.newRelease(request, scope: Set(plan.services.map(\.name)), lockKeys: lockKeys)
    }
}
