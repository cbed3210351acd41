import Foundation
import Testing
@testable import TandemPlan

@Suite("Loading plans")
struct PlanLoaderTests {
    static func fixture(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)").path
    }

    @Test("a minimal plan gets every documented default")
    func defaults() throws {
        let plan = try PlanLoader.load(path: Self.fixture("minimal.yaml"))
        #expect(plan.name == "minimal")
        #expect(plan.namespace == "default")
        #expect(plan.coupling == .independent)
        #expect(plan.order == .dependenciesFirst)
        #expect(plan.pairing == .revision)
        #expect(plan.maxParallel == 4)
        #expect(plan.checkpoints == [Checkpoint.defaultPromote])
        let service = try #require(plan.services.first)
        #expect(service.rollout == "api")
        #expect(service.namespace == nil)
        #expect(service.container == nil)
        #expect(service.effectiveNamespace(in: plan) == "default")
        #expect(service.verify == nil && service.deadlineSeconds == nil)
    }

    @Test("the loan-app plan loads with the codefresh example's names and value positions")
    func loanApp() throws {
        let plan = try PlanLoader.load(path: Self.fixture("loan-app.yaml"))
        #expect(plan.coupling == .lockstep)
        #expect(plan.namespace == "legacy")
        let backend = try #require(plan.service(named: "backend"))
        #expect(backend.rollout == "my-backend")
        #expect(backend.container == "my-backend-container")
        #expect(backend.image == "docker.io/kostiscodefresh/interest")
        let frontend = try #require(plan.service(named: "frontend"))
        #expect(frontend.rollout == "my-frontend")
        #expect(frontend.dependsOn == [Dependency(
            service: "backend", configMap: "my-frontend-settings", key: "BACKEND_HOST", value: "{host}",
            positions: frontend.dependsOn[0].positions)])
        #expect(frontend.positions.start == SourcePosition(line: 21, column: 7))
        #expect(frontend.positions["image"] == SourcePosition(line: 24, column: 14))
        #expect(frontend.dependsOn[0].positions["key"] == SourcePosition(line: 28, column: 16))
        #expect(plan.checkpoints.map(\.name) == ["qa"])
        #expect(plan.checkpoints[0].approvers == ["alice", "group:qa"])
    }

    @Test("an empty checkpoints list means the release never stops")
    func emptyCheckpoints() throws {
        let plan = try PlanLoader.load(text: PlanText.plan(PlanText.twoServices + ["  checkpoints: []"]), file: "t.yaml")
        #expect(plan.checkpoints.isEmpty)
    }

    @Test("optional fields are read: verify, deadline, checkpoint positions, allowSelfApproval")
    func optionalFields() throws {
        let plan = try PlanLoader.load(text: PlanText.plan([
            "  services:",
            "    - name: api",
            "      image: example/api",
            "      deadline: 1h30m",
            "      verify: {path: /healthz, expectStatus: 204, expectBodyContains: ok}",
            "  checkpoints:",
            "    - {name: a, after: deploy:api, approvals: 2, approvers: [x, y], allowSelfApproval: true}",
            "    - {name: b, after: promote:api}",
        ]), file: "t.yaml")
        #expect(plan.services[0].deadlineSeconds == 5400)
        #expect(plan.services[0].verify == VerifyCheck(path: "/healthz", expectStatus: 204, expectBodyContains: "ok"))
        #expect(plan.checkpoints.map(\.after) == [.deployOf("api"), .promoteOf("api")])
        #expect(plan.checkpoints[0].allowSelfApproval)
    }

    @Test("a few anchors and aliases are allowed")
    func smallAliases() throws {
        let plan = try PlanLoader.load(text: PlanText.plan([
            "  services:",
            "    - name: api",
            "      image: example/api",
            "  checkpoints:",
            "    - {name: a, approvers: &team [x, y]}",
            "    - {name: b, after: promote:api, approvers: *team}",
        ]), file: "t.yaml")
        #expect(plan.checkpoints[1].approvers == ["x", "y"])
    }

    @Test("block scalars and quoted text do not confuse the nesting guard")
    func guardIgnoresScalars() throws {
        let plan = try PlanLoader.load(text: PlanText.plan([
            "  services:",
            "    - name: api",
            "      image: example/api",
            "      verify:",
            "        expectBodyContains: \"[[[[ *not-an-alias ? # {{{{\"",
            "      # [[[[ *comment",
            "      dependsOn: []",
        ]), file: "t.yaml")
        #expect(plan.services[0].verify?.expectBodyContains == "[[[[ *not-an-alias ? # {{{{")
    }

    @Test("a block scalar indented 80 levels deep is text, not nesting")
    func deepBlockScalar() throws {
        let body = (0..<80).map { String(repeating: " ", count: 10 + $0) + "x" }
        let plan = try PlanLoader.load(text: PlanText.plan([
            "  services:",
            "    - name: api",
            "      image: example/api",
            "      verify:",
            "        expectBodyContains: |",
        ] + body + ["      deadline: 10m"]), file: "t.yaml")
        #expect(plan.services[0].verify?.expectBodyContains?.hasPrefix("x\n x\n") == true)
        #expect(plan.services[0].deadlineSeconds == 600)
    }

    @Test("durations accept h, m and s in that order only")
    func durations() {
        #expect(PlanDecoder.durationSeconds("90s") == 90)
        #expect(PlanDecoder.durationSeconds("10m") == 600)
        #expect(PlanDecoder.durationSeconds("1h2m3s") == 3723)
        #expect(PlanDecoder.durationSeconds("5") == nil)
        #expect(PlanDecoder.durationSeconds("1m1h") == nil)
        #expect(PlanDecoder.durationSeconds("m") == nil)
        #expect(PlanDecoder.durationSeconds("0s") == nil)
    }

    @Test("every problem of a broken plan is reported at once, in file order", arguments: ["every-error"])
    func everyError(name: String) throws {
        let expected = try String(contentsOfFile: Self.fixture("\(name).expected"), encoding: .utf8)
        let path = Self.fixture("\(name).yaml")
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(path: path) }
        let actual = error.description.replacingOccurrences(of: path, with: "FILE")
        #expect(actual + "\n" == expected)
    }
}
