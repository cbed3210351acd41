import Testing
@testable import TandemPlan

extension DiagnosticCase {
    /// Lines 13– of a plan with the two services: `spec.environments`.
    static func environments(_ lines: [String]) -> String {
        PlanText.plan(services + ["  environments:"] + lines)
    }

    static let environmentCases: [DiagnosticCase] = [
        DiagnosticCase(name: "duplicate environment", kind: .duplicateEnvironment,
                       text: environments(["    - name: staging", "    - name: staging"]),
                       expected: "15:13: error: duplicate environment name \"staging\" (first defined at 14:13)"),
        DiagnosticCase(name: "environment requires an unknown one", kind: .unknownEnvironment,
                       text: environments(["    - name: staging", "    - name: production", "      requires: stagng"]),
                       expected: "16:17: error: environment \"production\" requires unknown environment \"stagng\"",
                       hint: "did you mean \"staging\"?"),
        DiagnosticCase(name: "environments require each other", kind: .environmentCycle,
                       text: environments(["    - {name: production, requires: dr}", "    - {name: dr, requires: production}"]),
                       expected: "14:36: error: environments require each other in a cycle: production → dr → production"),
        DiagnosticCase(name: "gate with a bad URL", kind: .invalidURL,
                       text: environments(["    - name: production", "      checkpoints:", "        - name: change",
                                           "          gates:", "            - servicenow: {url: \"acme.service-now.com\"}"]),
                       expected: "18:33: error: servicenow gate of checkpoint \"change\" has an invalid url \"acme.service-now.com\""),
    ]
}

@Suite("Plan environments and gates")
struct EnvironmentPlanTests {
    static let plan = PlanText.plan(PlanText.twoServices + [
        "  checkpoints:",                                   // 13
        "    - name: qa",                                   // 14
        "  environments:",                                  // 15
        "    - name: staging",
        "      context: staging-ctx",
        "      namespace: loan-staging",
        "    - name: production",
        "      context: prod-ctx",
        "      requires: staging",
        "      approvers: [alice]",
        "      checkpoints:",
        "        - name: change",
        "          gates:",
        "            - servicenow: {url: \"https://acme.service-now.com\", field: u_versions}",
        "            - http: {url: \"https://gate.example.com/allow\"}",
        "        - name: people",
        "          approvers: [bob]",
        "          gates:",
        "            - http: {url: \"http://127.0.0.1:9/allow\"}",
    ])

    @Test("environments are read in order with their context, namespace, requires and gated checkpoints")
    func readsEnvironments() throws {
        let plan = try PlanLoader.load(text: Self.plan, file: "t.yaml")
        #expect(plan.environments.map(\.name) == ["staging", "production"])
        let production = try #require(plan.environment(named: "production"))
        #expect(production.context == "prod-ctx")
        #expect(production.requires == "staging")
        let change = try #require(production.checkpoints?.first)
        guard change.gates.count == 2, case .servicenow(let servicenow) = change.gates[0], case .http(let http) = change.gates[1] else {
            Issue.record("expected a servicenow and an http gate, got \(change.gates)")
            return
        }
        #expect(servicenow.url == "https://acme.service-now.com")
        #expect(servicenow.field == "u_versions")
        #expect(http.url == "https://gate.example.com/allow")
        #expect(change.needsPeople == false, "a checkpoint with gates and no approvals/approvers needs no people")
        #expect(production.checkpoints?.last?.needsPeople == true)
    }

    @Test("applying an environment replaces the namespace, the checkpoints and their approvers")
    func applyingEnvironment() throws {
        let plan = try PlanLoader.load(text: Self.plan, file: "t.yaml")
        let staging = plan.applying(try #require(plan.environment(named: "staging")))
        #expect(staging.namespace == "loan-staging")
        #expect(staging.checkpoints.map(\.name) == ["qa"])
        let production = plan.applying(try #require(plan.environment(named: "production")))
        #expect(production.namespace == "default")
        #expect(production.checkpoints.map(\.name) == ["change", "people"])
        #expect(production.checkpoints.map(\.approvers) == [["alice"], ["alice"]])
    }

    @Test("a plan without environments reads as before")
    func noEnvironments() throws {
        let plan = try PlanLoader.load(text: PlanText.plan(PlanText.twoServices), file: "t.yaml")
        #expect(plan.environments.isEmpty)
        #expect(plan.checkpoints == [.defaultPromote])
    }

    @Test("every environment problem is reported at once, each with its position")
    func allProblemsAtOnce() {
        let lines = PlanText.lines(DiagnosticCase.environments([
            "    - name: Staging",                                         // 14
            "    - name: production",                                      // 15
            "      requires: qa",                                          // 16
            "      checkpoints:",                                          // 17
            "        - name: change",                                      // 18
            "          gates:",                                            // 19
            "            - http: {url: \"ftp://gate\"}",                   // 20
            "            - servicenow: {}",                                // 21
            "            - {http: {url: \"http://a\"}, servicenow: {url: \"http://b\"}}", // 22
        ]))
        #expect(lines.contains("14:13: error: environment name \"Staging\" is not a DNS-1123 label"), "\(lines)")
        #expect(lines.contains("16:17: error: environment \"production\" requires unknown environment \"qa\""), "\(lines)")
        #expect(lines.contains("20:27: error: http gate of checkpoint \"change\" has an invalid url \"ftp://gate\""), "\(lines)")
        #expect(lines.contains("21:27: error: missing required field \"url\" in servicenow gate #2 of checkpoint \"change\""), "\(lines)")
        #expect(lines.contains("22:15: error: gate #3 of checkpoint \"change\" must name exactly one kind of gate, found 2"), "\(lines)")
    }

    @Test("an unknown gate kind is named with the valid kinds")
    func unknownGateKind() {
        let diagnostics = PlanText.diagnostics(DiagnosticCase.environments([
            "    - name: production", "      checkpoints:", "        - name: change", "          gates:", "            - jira: {url: \"https://x\"}",
        ]))
        let unknown = diagnostics.first { $0.kind == .unknownKey }
        #expect(unknown?.message == "unknown key \"jira\" in gate #1 of checkpoint \"change\"")
        #expect(unknown?.position == SourcePosition(line: 18, column: 15))
    }
}

@Suite("A plan applied to one of its environments")
struct EnvironmentApplyingTests {
    @Test("staging replaces the namespace and keeps the plan's checkpoints")
    func staging() throws {
        let plan = try PlanLoader.load(text: EnvironmentPlanTests.plan, file: "t.yaml")
        let staging = plan.applying(try #require(plan.environment(named: "staging")))
        #expect(staging.namespace == "loan-staging")
        #expect(staging.checkpoints.map(\.name) == ["qa"])
        #expect(staging.checkpoints[0].gates.isEmpty)
    }

    @Test("production replaces the checkpoints, and its approvers make every checkpoint need people")
    func production() throws {
        let plan = try PlanLoader.load(text: EnvironmentPlanTests.plan, file: "t.yaml")
        #expect(plan.environment(named: "production")?.checkpoints?.first?.needsPeople == false)
        let production = plan.applying(try #require(plan.environment(named: "production")))
        #expect(production.namespace == plan.namespace)
        #expect(production.checkpoints.map(\.name) == ["change", "people"])
        #expect(production.checkpoints.map(\.approvers) == [["alice"], ["alice"]])
        #expect(production.checkpoints.map(\.needsPeople) == [true, true])
        #expect(production.checkpoints[0].gates.count == 2)
    }
}
