import Foundation
import Testing
import TandemTestSupport

/// `tandem plan validate` checks a GitOps plan's own fields only: the work tree, the remote and the
/// Applications are the release's preflight (`release start`), so validating needs no git at all.
struct PlanValidateGitOpsTests {
    @Test func aGitOpsPlanValidatesOutsideAnyWorkTreeWithNoGitOnThePath() throws {
        let plan = try TandemBinary.temporaryPlan(try ExamplePlans.text("loan-app-gitops.yaml"))
        defer { try? FileManager.default.removeItem(atPath: (plan as NSString).deletingLastPathComponent) }
        let result = try TandemBinary.run(["plan", "validate", plan], environment: ["PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}
