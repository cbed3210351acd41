import Testing
import TandemRelease

@Suite("ApprovalPolicy.evaluate (pure)")
struct ApprovalPolicyTests {
    typealias D = ApprovalPolicy.Decision
    let groups = ["qa": ["Carol", "dave"], "empty": []]

    @Test("one approval from anyone approves the default policy")
    func defaultPolicy() {
        let result = ApprovalPolicy().evaluate(D(by: "bob", verdict: .approve), prior: [], startedBy: "ci-bot", groups: [:])
        #expect(result == .success(.init(state: .approved, approvers: ["bob"], required: 1)))
    }

    @Test("two distinct approvers are needed when the policy says 2; the first leaves it waiting")
    func twoApprovers() {
        let policy = ApprovalPolicy(requiredApprovals: 2)
        let first = policy.evaluate(D(by: "bob", verdict: .approve), prior: [], startedBy: "ci", groups: [:])
        #expect(first == .success(.init(state: .waiting, approvers: ["bob"], required: 2)))
        let second = policy.evaluate(D(by: "eve", verdict: .approve), prior: [D(by: "bob", verdict: .approve)],
                                     startedBy: "ci", groups: [:])
        #expect(second == .success(.init(state: .approved, approvers: ["bob", "eve"], required: 2)))
    }

    @Test("the same person approving twice (any case, spaces) is refused", arguments: ["bob", "BOB", " Bob "])
    func twice(_ name: String) {
        let result = ApprovalPolicy(requiredApprovals: 2).evaluate(
            D(by: name, verdict: .approve), prior: [D(by: "bob", verdict: .approve)], startedBy: "ci", groups: [:])
        #expect(result == .failure(.alreadyApproved(user: name, approvals: 1, required: 2)))
    }

    @Test("allowed approvers: users and group members are allowed, others are refused", arguments: [
        ("alice", true), ("carol", true), ("DAVE", true), ("mallory", false), ("qa", false), ("group:qa", false),
    ])
    func allowed(_ user: String, _ ok: Bool) {
        let policy = ApprovalPolicy(approvers: ["alice", "group:qa", "group:unknown"])
        let result = policy.evaluate(D(by: user, verdict: .approve), prior: [], startedBy: "ci", groups: groups)
        if ok {
            #expect(result == .success(.init(state: .approved, approvers: [user], required: 1)))
        } else {
            #expect(result == .failure(.notAnApprover(user: user, allowed: ["alice", "group:qa", "group:unknown"])))
        }
    }

    @Test("the person who started the release may not approve it unless the plan allows self-approval")
    func selfApproval() {
        let denied = ApprovalPolicy().evaluate(D(by: "Alice", verdict: .approve), prior: [], startedBy: "alice", groups: [:])
        #expect(denied == .failure(.selfApproval(user: "Alice")))
        let allowed = ApprovalPolicy(allowSelfApproval: true)
            .evaluate(D(by: "alice", verdict: .approve), prior: [], startedBy: "alice", groups: [:])
        #expect(allowed == .success(.init(state: .approved, approvers: ["alice"], required: 1)))
    }

    @Test("one rejection by an allowed approver rejects, even after approvals")
    func reject() {
        let policy = ApprovalPolicy(requiredApprovals: 3, approvers: ["group:qa"])
        let result = policy.evaluate(D(by: "carol", verdict: .reject), prior: [D(by: "dave", verdict: .approve)],
                                     startedBy: "ci", groups: groups)
        #expect(result == .success(.init(state: .rejected, approvers: ["dave"], required: 3)))
    }

    @Test("the starter may reject their own release; a stranger may not")
    func rejectors() {
        let policy = ApprovalPolicy(approvers: ["alice"])
        #expect((try? policy.evaluate(D(by: "ci", verdict: .reject), prior: [], startedBy: "ci", groups: [:]).get())?.state == .rejected)
        #expect(policy.evaluate(D(by: "mallory", verdict: .reject), prior: [], startedBy: "ci", groups: [:])
            == .failure(.notAnApprover(user: "mallory", allowed: ["alice"])))
    }

    @Test("an empty name is refused")
    func emptyName() {
        #expect(ApprovalPolicy().evaluate(D(by: "  ", verdict: .approve), prior: [], startedBy: "ci", groups: [:])
            == .failure(.missingIdentity))
    }

    @Test("a required count below 1 is treated as 1")
    func minimum() {
        #expect(ApprovalPolicy(requiredApprovals: 0).requiredApprovals == 1)
    }
}
