import Testing
@testable import TandemPlan

/// One case per error class of the catalogue in docs/plan-format.md: the exact message and position.
struct DiagnosticCase: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: PlanDiagnostic.Kind
    let text: String
    let expected: String
    var hint: String?

    var testDescription: String { name }
}

extension DiagnosticCase {
    static let services = PlanText.twoServices
    static func replacing(_ line: Int, with new: String, in lines: [String] = PlanText.twoServices) -> [String] {
        var lines = lines
        lines[line - 6] = new
        return lines
    }

    static let all: [DiagnosticCase] = environmentCases + [
        DiagnosticCase(name: "not YAML", kind: .notYAML, text: "spec: [unclosed\n",
                       expected: "2:1: error: not valid YAML: while parsing a flow sequence: did not find expected ',' or ']'"),
        DiagnosticCase(name: "duplicate YAML key", kind: .notYAML, text: PlanText.plan(["  namespace: a", "  namespace: b"] + services),
                       expected: "6:3: error: duplicate key \"namespace\" in one mapping"),
        DiagnosticCase(name: "not a mapping", kind: .notMapping, text: "- a\n- b\n",
                       expected: "1:1: error: a plan must be a mapping with apiVersion, kind, metadata and spec; found a list"),
        DiagnosticCase(name: "empty file", kind: .notMapping, text: "# nothing\n",
                       expected: "1:1: error: the plan is empty"),
        DiagnosticCase(name: "wrong apiVersion", kind: .wrongAPIVersion,
                       text: PlanText.plan(services).replacingOccurrences(of: "tandem/v1alpha1", with: "argoproj.io/v1alpha1"),
                       expected: "1:13: error: unsupported apiVersion \"argoproj.io/v1alpha1\"",
                       hint: "use \"apiVersion: tandem/v1alpha1\""),
        DiagnosticCase(name: "wrong kind", kind: .wrongKind,
                       text: PlanText.plan(services).replacingOccurrences(of: "kind: ReleasePlan", with: "kind: Rollout"),
                       expected: "2:7: error: unsupported kind \"Rollout\""),
        DiagnosticCase(name: "unknown key dependOn", kind: .unknownKey,
                       text: PlanText.plan(replacing(11, with: "      dependOn:")),
                       expected: "11:7: error: unknown key \"dependOn\" in service \"frontend\"",
                       hint: "did you mean \"dependsOn\"?"),
        DiagnosticCase(name: "unknown key dependson", kind: .unknownKey,
                       text: PlanText.plan(replacing(11, with: "      dependson:")),
                       expected: "11:7: error: unknown key \"dependson\" in service \"frontend\"",
                       hint: "did you mean \"dependsOn\"?"),
        DiagnosticCase(name: "unknown key rollot", kind: .unknownKey,
                       text: PlanText.plan(services + ["      rollot: my-frontend"]),
                       expected: "13:7: error: unknown key \"rollot\" in service \"frontend\"",
                       hint: "did you mean \"rollout\"?"),
        DiagnosticCase(name: "unknown key without a near miss", kind: .unknownKey,
                       text: PlanText.plan(specBefore: ["  replicas: 3"]),
                       expected: "6:3: error: unknown key \"replicas\" in spec",
                       hint: "valid keys here: namespace, coupling, order, pairing, maxParallel, services, checkpoints, environments, gitops"),
        DiagnosticCase(name: "missing required field", kind: .missingField,
                       text: PlanText.plan(replacing(10, with: "      rollout: fe")),
                       expected: "9:7: error: missing required field \"image\" in service \"frontend\""),
        DiagnosticCase(name: "wrong value type", kind: .wrongType,
                       text: PlanText.plan(specBefore: ["  maxParallel: many"]),
                       expected: "6:16: error: expected an integer for \"maxParallel\", found \"many\""),
        DiagnosticCase(name: "empty string", kind: .wrongType,
                       text: PlanText.plan(replacing(7, with: "    - name: \"\"")),
                       expected: "7:13: error: expected a non-empty string for \"name\", found \"\""),
        DiagnosticCase(name: "empty services", kind: .emptyServices, text: PlanText.plan(["  services: []"]),
                       expected: "6:13: error: spec.services is empty"),
        DiagnosticCase(name: "name not a DNS-1123 label", kind: .invalidName,
                       text: PlanText.plan(replacing(7, with: "    - name: Backend_1")),
                       expected: "7:13: error: service name \"Backend_1\" is not a DNS-1123 label"),
        DiagnosticCase(name: "image with a tag", kind: .invalidValue,
                       text: PlanText.plan(replacing(8, with: "      image: example/backend:1.2")),
                       expected: "8:14: error: image \"example/backend:1.2\" contains a tag"),
        DiagnosticCase(name: "duplicate service names", kind: .duplicateService,
                       text: PlanText.plan(services + ["    - name: backend", "      image: example/other"]),
                       expected: "13:13: error: duplicate service name \"backend\" (first defined at 7:13)"),
        DiagnosticCase(name: "dependsOn an unknown service", kind: .unknownDependency,
                       text: PlanText.plan(replacing(12, with: "        - service: bakend")),
                       expected: "12:20: error: service \"frontend\" depends on unknown service \"bakend\"",
                       hint: "did you mean \"backend\"?"),
        DiagnosticCase(name: "a service depending on itself", kind: .selfDependency,
                       text: PlanText.plan(replacing(12, with: "        - service: frontend")),
                       expected: "12:20: error: service \"frontend\" depends on itself"),
        DiagnosticCase(name: "a dependency cycle", kind: .dependencyCycle,
                       text: PlanText.plan([
                           "  services:",
                           "    - {name: a, image: x/a, dependsOn: [{service: b}]}",
                           "    - {name: b, image: x/b, dependsOn: [{service: c}]}",
                           "    - {name: c, image: x/c, dependsOn: [{service: a}]}",
                       ]),
                       expected: "7:51: error: dependency cycle: a → b → c → a"),
        DiagnosticCase(name: "coupling outside its enum", kind: .invalidEnum,
                       text: PlanText.plan(specBefore: ["  coupling: Lockstep"]),
                       expected: "6:13: error: invalid coupling \"Lockstep\"",
                       hint: "did you mean \"lockstep\"? valid values: lockstep, independent"),
        DiagnosticCase(name: "order outside its enum", kind: .invalidEnum,
                       text: PlanText.plan(specBefore: ["  order: consumerFirst"]),
                       expected: "6:10: error: invalid order \"consumerFirst\"",
                       hint: "did you mean \"consumersFirst\"? valid values: dependenciesFirst, consumersFirst"),
        DiagnosticCase(name: "pairing outside its enum", kind: .invalidEnum,
                       text: PlanText.plan(specBefore: ["  coupling: lockstep", "  pairing: exact"]),
                       expected: "7:12: error: invalid pairing \"exact\""),
        DiagnosticCase(name: "order with lockstep coupling", kind: .misplacedOption,
                       text: PlanText.plan(specBefore: ["  coupling: lockstep", "  order: consumersFirst"]),
                       expected: "7:10: error: \"order\" applies only to coupling: independent (this plan is lockstep)"),
        DiagnosticCase(name: "pairing with independent coupling", kind: .misplacedOption,
                       text: PlanText.plan(specBefore: ["  pairing: preview"]),
                       expected: "6:12: error: \"pairing\" applies only to coupling: lockstep (this plan is independent)"),
        DiagnosticCase(name: "configMap without key", kind: .configMapWithoutKey,
                       text: PlanText.plan(services + ["          configMap: fe-settings"]),
                       expected: "13:22: error: configMap \"fe-settings\" is given without key in the dependsOn entry for \"backend\""),
        DiagnosticCase(name: "key without configMap", kind: .keyWithoutConfigMap,
                       text: PlanText.plan(services + ["          key: BACKEND_HOST"]),
                       expected: "13:16: error: key \"BACKEND_HOST\" is given without configMap in the dependsOn entry for \"backend\""),
        DiagnosticCase(name: "value without configMap and key", kind: .valueWithoutConfigMap,
                       text: PlanText.plan(services + ["          value: \"{host}\""]),
                       expected: "13:18: error: value is given without configMap and key in the dependsOn entry for \"backend\""),
        DiagnosticCase(name: "unknown placeholder", kind: .unknownPlaceholder,
                       text: PlanText.plan(services + ["          configMap: fe", "          key: URL", "          value: \"http://{hostname}:{port}\""]),
                       expected: "15:18: error: unknown placeholder {hostname} in value template \"http://{hostname}:{port}\""),
        DiagnosticCase(name: "two edges writing one ConfigMap key", kind: .conflictingConfigKey,
                       text: PlanText.plan(services + [
                           "          configMap: fe", "          key: URL",
                           "    - name: cache", "      image: x/cache",
                       ] + []).replacingOccurrences(of: "        - service: backend\n          configMap: fe\n          key: URL\n",
                                                    with: "        - {service: backend, configMap: fe, key: URL}\n        - {service: cache, configMap: fe, key: URL}\n"),
                       expected: "13:48: error: service \"frontend\" writes key URL of ConfigMap fe twice (first at 12:50)"),
        DiagnosticCase(name: "checkpoint after an unknown service", kind: .unknownCheckpointService,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, after: deploy:frontent}"]),
                       expected: "14:25: error: checkpoint \"qa\" is after unknown service \"frontent\"",
                       hint: "did you mean \"frontend\"?"),
        DiagnosticCase(name: "checkpoint at an unknown position", kind: .unknownCheckpointPosition,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, after: verify}"]),
                       expected: "14:25: error: unknown checkpoint position \"verify\" in checkpoint \"qa\""),
        DiagnosticCase(name: "duplicate checkpoint names", kind: .duplicateCheckpoint,
                       text: PlanText.plan(services + ["  checkpoints:", "    - name: qa", "    - name: qa"]),
                       expected: "15:13: error: duplicate checkpoint name \"qa\" (first defined at 14:13)"),
        DiagnosticCase(name: "approvals below 1", kind: .invalidApprovals,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, approvals: 0}"]),
                       expected: "14:29: error: checkpoint \"qa\" needs approvals of at least 1, got 0"),
        DiagnosticCase(name: "approvals above a closed list of approvers", kind: .invalidApprovals,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, approvals: 3, approvers: [alice, bob, alice]}"]),
                       expected: "14:29: error: checkpoint \"qa\" needs 3 approvals but lists only 2 approvers",
                       hint: "lower approvals, or add approvers (a group:<name> entry lets any member approve)"),
        DiagnosticCase(name: "absurd approvals with an open list", kind: .invalidApprovals,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, approvals: 9223372036854775807, approvers: [\"group:qa\"]}"]),
                       expected: "14:29: error: checkpoint \"qa\" needs 9223372036854775807 approvals; at most 1000 are supported",
                       hint: "ask for the number of distinct people who must sign off, usually 1 or 2"),
        DiagnosticCase(name: "approvals that overflow an integer", kind: .invalidValue,
                       text: PlanText.plan(services + ["  checkpoints:", "    - {name: qa, approvals: 99999999999999999999}"]),
                       expected: "14:29: error: \"approvals\" is out of range: 99999999999999999999",
                       hint: "use a small whole number"),
        DiagnosticCase(name: "nesting deeper than 64", kind: .tooDeep,
                       text: PlanText.plan(["  services: " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)]),
                       expected: "6:75: error: the YAML is nested more than 64 levels deep"),
        DiagnosticCase(name: "alias expansion bomb", kind: .tooManyAliases,
                       text: PlanText.plan(["  x0: &a0 [lol]"] + (1...9).map { level in
                           "  x\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
                       }),
                       expected: "13:32: error: the YAML uses more than 64 aliases"),
        DiagnosticCase(name: "alias used as a key", kind: .unsupportedYAML,
                       text: PlanText.plan(["  x: &k name", "  *k : y"]),
                       expected: "7:3: error: an alias is used as a mapping key"),
    ]
}

@Suite("Plan diagnostics")
struct DiagnosticTests {
    @Test("each error class is reported with its exact message and position", arguments: DiagnosticCase.all)
    func reportsError(_ testCase: DiagnosticCase) throws {
        let diagnostics = PlanText.diagnostics(testCase.text)
        let lines = PlanText.lines(testCase.text)
        #expect(lines.contains(testCase.expected), "got \(lines)")
        let match = try #require(diagnostics.first { $0.message == testCase.expected.split(separator: "error: ", maxSplits: 1).last.map(String.init) })
        #expect(match.kind == testCase.kind)
        #expect(match.file == "t.yaml")
        if let hint = testCase.hint { #expect(match.hint == hint) }
    }

    @Test("every error class in the catalogue has a case (except file-level ones tested elsewhere)")
    func catalogueIsCovered() {
        let covered = Set(DiagnosticCase.all.map(\.kind))
        let fileLevel: Set<PlanDiagnostic.Kind> = [.unreadable, .tooLarge]
        #expect(Set(PlanDiagnostic.Kind.allCases).subtracting(covered).subtracting(fileLevel) == [])
    }

    @Test("the printed form is FILE:LINE:COL: error: MESSAGE with the hint on the next line")
    func printedForm() {
        let diagnostic = PlanDiagnostic(file: "plans/x.yaml", position: SourcePosition(line: 3, column: 7),
                                        kind: .unknownKey, message: "unknown key \"a\" in spec", hint: "did you mean \"b\"?")
        #expect(diagnostic.description == "plans/x.yaml:3:7: error: unknown key \"a\" in spec\n  hint: did you mean \"b\"?")
    }

    @Test("'did you mean' is offered for the first 50 unknown services only, keeping validation linear")
    func suggestionCap() {
        let plan = ReleasePlan(name: "p", services: [
            ServiceSpec(name: "backend", image: "x/backend"),
            ServiceSpec(name: "frontend", image: "x/frontend", dependsOn: Array(repeating: Dependency(service: "bakend"), count: 60)),
        ])
        let hints = PlanValidator.validate(plan).filter { $0.kind == .unknownDependency }.map(\.hint)
        #expect(hints.count == 60)
        #expect(hints.prefix(50).allSatisfy { $0 == "did you mean \"backend\"?" })
        #expect(hints.suffix(10).allSatisfy { $0 == "add a service named \"bakend\" or fix the name" })
    }

    @Test("approvals above the named users are accepted when a group can supply the rest")
    func openApproverListAllowsMoreApprovals() {
        let text = PlanText.plan(PlanText.twoServices + ["  checkpoints:", "    - {name: qa, approvals: 5, approvers: [alice, \"group:qa\"]}"])
        #expect(PlanText.diagnostics(text) == [])
    }

    @Test("a valid plan has no diagnostics")
    func validPlan() {
        #expect(PlanText.diagnostics(PlanText.plan(PlanText.twoServices)) == [])
    }
}
