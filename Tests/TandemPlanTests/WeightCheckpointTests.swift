import Testing
@testable import TandemPlan

@Suite("checkpoints at a canary weight")
struct WeightCheckpointTests {
    @Test("after: weight:<W> is read as a weight position and printed back the same")
    func readsWeight() throws {
        let plan = try PlanLoader.load(text: PlanText.plan(PlanText.twoServices + ["  checkpoints:", "    - {name: half, after: weight:50}"]),
                                       file: "t.yaml")
        #expect(plan.checkpoints.map(\.after) == [.weight(50)])
        #expect(plan.checkpoints[0].after.description == "weight:50")
        #expect(plan.checkpoints[0].after.service == nil)
    }

    @Test("a weight outside 1…100 is an error at the after: value, with a hint")
    func weightOutOfRange() {
        for weight in [0, 101, -5] {
            let text = PlanText.plan(PlanText.twoServices + ["  checkpoints:", "    - {name: half, after: \"weight:\(weight)\"}"])
            #expect {
                _ = try PlanLoader.load(text: text, file: "t.yaml")
            } throws: { error in
                let text = "\(error)"
                return text.contains("t.yaml:14:") && text.contains("checkpoint \"half\" is after weight:\(weight); a canary weight is a percentage from 1 to 100")
                    && text.contains("use the setWeight of one of the Rollouts' pause steps")
            }
        }
    }

    @Test("weight: without a number is an unknown position whose hint names weight:<percent>")
    func weightWithoutNumber() {
        let text = PlanText.plan(PlanText.twoServices + ["  checkpoints:", "    - {name: half, after: weight:half}"])
        #expect {
            _ = try PlanLoader.load(text: text, file: "t.yaml")
        } throws: { error in
            "\(error)".contains("unknown checkpoint position \"weight:half\"") && "\(error)".contains("weight:<percent>")
        }
    }
}
