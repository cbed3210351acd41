import Foundation
import Testing

/// One active release per Rollout, whatever the plan is called and whichever database records it.
@Suite("Rollout locks end to end (real binary, simulated cluster)", .serialized)
struct RolloutLocksEndToEndTests {
    /// What a refused start prints when `holder` holds the loan-app backend Rollout (locks are taken in
    /// sorted order, so my-backend is the first one a loser finds held).
    static func heldMessage(_ holder: String) -> String {
        "Rollout legacy/my-backend is held by release \(holder): wait for it to finish (`tandem release status \(holder)`), or abort it with `tandem release abort \(holder)`"
    }

    @Test("a copy of the plan under another metadata.name is refused (exit 6, holder named) while the first release waits at its checkpoint")
    func copyOfThePlanIsRefused() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            #expect(try tandem.run(["release", "start", "plan.yaml", "--version", "2.0", "--by", "ci-bot"]).status == 3)
            let holder = try tandem.newestRelease()
            try LoanAppPlan.yaml(name: "loan-app-copy").write(toFile: tandem.directory + "/copy.yaml", atomically: true, encoding: .utf8)
            for version in ["2.0", "3.0"] {
                let copy = try tandem.run(["release", "start", "copy.yaml", "--version", version, "--by", "ci-bot"])
                #expect(copy.status == 6, "\(copy.output)")
                #expect(copy.output.contains(Self.heldMessage(holder)), "\(copy.output)")
            }
            // Same wording from a database that never saw the holder: only the Lease refuses there.
            let other = try tandem.run(["release", "start", "copy.yaml", "--version", "3.0", "--by", "ci-bot"],
                                       extra: ["TANDEM_DB": tandem.directory + "/other.db"])
            #expect(other.status == 6 && other.output.contains(Self.heldMessage(holder)), "\(other.output)")
            #expect(try tandem.releases().count == 1)
            #expect(try tandem.rollouts() == ["my-backend": "Paused docker.io/kostiscodefresh/interest:2.0",
                                              "my-frontend": "Paused docker.io/kostiscodefresh/loan:2.0"])
        }
    }

    @Test("simultaneous starts with separate databases: one runs, the loser exits 6 and its database records nothing")
    func losersRecordNothing() throws {
        try TandemBinary.withSeededWorld(plan: LoanAppPlan.yaml()) { tandem in
            let databases = [tandem.directory + "/a.db", tandem.directory + "/b.db"]
            let box = ResultsBox()
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if let result = try? tandem.run(["release", "start", "plan.yaml", "--version", "2.\(index)", "--by", "ci-bot"],
                                                extra: ["TANDEM_DB": databases[index]]) {
                    box.append(result)
                }
            }
            #expect(box.results.map(\.status).sorted() == [3, 6], "\(box.results.map(\.output))")
            var recorded: [String] = []
            for database in databases {
                let list = try tandem.run(["release", "list", "--json"], extra: ["TANDEM_DB": database]).output
                let releases = try JSONSerialization.jsonObject(with: Data(list.utf8)) as? [[String: Any]] ?? []
                recorded += releases.compactMap { $0["id"] as? String }
                #expect(releases.allSatisfy { $0["state"] as? String == "waiting" }, "\(list)")
            }
            #expect(recorded.count == 1, "\(recorded)")
            let loser: String = box.results.first(where: { $0.status == 6 }).map(\.output) ?? ""
            #expect(loser.contains(Self.heldMessage(recorded.first ?? "?")), "\(loser)")
        }
    }
}
