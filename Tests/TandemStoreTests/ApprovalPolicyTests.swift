import Testing
import TandemStore

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

@Suite("ApproverIdentity")
struct ApproverIdentityTests {
    @Test("--by, then TANDEM_USER, then CI variables; the source says which", arguments: [
        ("bob", [:], "bob", "flag:--by"),
        (nil, ["TANDEM_USER": "carol", "GITHUB_ACTOR": "gh"], "carol", "env:TANDEM_USER"),
        (nil, ["GITHUB_ACTOR": "octocat"], "octocat", "ci:github-actions (GITHUB_ACTOR)"),
        ("  ", ["GITLAB_USER_LOGIN": "gl"], "gl", "ci:gitlab (GITLAB_USER_LOGIN)"),
    ] as [(String?, [String: String], String, String)])
    func resolve(_ by: String?, _ env: [String: String], _ name: String, _ source: String) throws {
        #expect(try ApproverIdentity.resolve(by: by, environment: env) == ApproverIdentity(name: name, source: source))
    }

    @Test("no identity at all is an error saying to pass --by")
    func none() {
        #expect(throws: StoreError.noIdentity) { try ApproverIdentity.resolve(by: nil, environment: ["USER": "root"]) }
        #expect(StoreError.noIdentity.description == "who is deciding? pass --by USER or set TANDEM_USER")
    }
}
