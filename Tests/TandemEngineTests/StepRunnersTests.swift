import Testing
import TandemRelease
@testable import TandemEngine

@Suite("Step runners")
struct StepRunnersTests {
    @Test("every step kind but checkpoint has exactly one runner in each mode, which declares that kind")
    func oneRunnerPerKindAndMode() {
        for gitops in [false, true] {
            for kind in StepKind.allCases {
                let serving = StepRunners.all.filter { $0.kind == kind && $0.mode.serves(gitops: gitops) }
                #expect(serving.count == (kind == .checkpoint ? 0 : 1), "\(kind), gitops: \(gitops)")
                #expect(StepRunners.runner(for: kind, gitops: gitops).map { type(of: $0).kind } == (kind == .checkpoint ? nil : kind))
            }
        }
    }

    @Test("a deploy writes the Rollout in direct mode and waits for the synced commit in GitOps mode")
    func deployByMode() {
        #expect(StepRunners.runner(for: .deploy, gitops: false) is Deployer)
        #expect(StepRunners.runner(for: .deploy, gitops: true) is GitOpsDeployWaiter)
    }
}
