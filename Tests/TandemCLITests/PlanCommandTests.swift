import Foundation
import Testing

@Suite("tandem plan (end to end)")
struct PlanCommandTests {
    static let invalidPlan = """
        apiVersion: tandem/v1alpha1
        kind: ReleasePlan
        metadata:
          name: broken
        spec:
          services:
            - name: frontend
              image: example/frontend
              dependOn:
                - service: backend

        """

    @Test("validate prints ok with the service count for every valid plan and exits 0")
    func validateValidPlans() throws {
        let result = try TandemBinary.run(["plan", "validate", "plans/loan-app.yaml", "plans/loan-app-independent.yaml", "plans/shop.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            ok: plans/loan-app.yaml (2 services)
            ok: plans/loan-app-independent.yaml (2 services)
            ok: plans/shop.yaml (11 services)

            """)
        #expect(result.stderr.isEmpty)
    }

    @Test("validate reports every invalid file with positions and hints, still checks the others, and exits 2")
    func validateMixed() throws {
        let broken = try TandemBinary.temporaryPlan(Self.invalidPlan)
        let result = try TandemBinary.run(["plan", "validate", broken, "plans/loan-app.yaml", "missing.yaml"])
        #expect(result.status == 2)
        #expect(result.stdout == "ok: plans/loan-app.yaml (2 services)\n")
        #expect(result.stderr == """
            \(broken):9:7: error: unknown key "dependOn" in service "frontend"
              hint: did you mean "dependsOn"?
            missing.yaml: error: no such file
              hint: check the path; example plans live in plans/, e.g. plans/loan-app.yaml

            """)
    }

    @Test("order --format json prints the documented shape exactly")
    func orderJSON() throws {
        let result = try TandemBinary.run(["plan", "order", "plans/loan-app.yaml", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout == #"{"plan":"loan-app","coupling":"lockstep","deployWaves":[["backend"],["frontend"]],"promoteWaves":[["frontend"],["backend"]]}"# + "\n")
    }

    @Test("order of an independent plan promotes each wave after deploying it")
    func orderIndependent() throws {
        let result = try TandemBinary.run(["plan", "order", "plans/loan-app-independent.yaml", "--format", "json"])
        #expect(result.stdout == #"{"plan":"loan-app-independent","coupling":"independent","deployWaves":[["backend"],["frontend"]],"promoteWaves":[["backend"],["frontend"]]}"# + "\n")
    }

    @Test("order of a consumersFirst plan deploys the frontend first (scenario 2)")
    func orderConsumersFirst() throws {
        let text = try String(contentsOf: TandemBinary.packageRoot.appendingPathComponent("plans/loan-app-independent.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "order: dependenciesFirst", with: "order: consumersFirst")
        let result = try TandemBinary.run(["plan", "order", try TandemBinary.temporaryPlan(text), "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains(#""deployWaves":[["frontend"],["backend"]],"promoteWaves":[["frontend"],["backend"]]"#))
    }

    @Test("order in text lists waves by default")
    func orderText() throws {
        let result = try TandemBinary.run(["plan", "order", "plans/shop.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  wave 1: users, inventory, payments, notifications\n"))
        #expect(result.stdout.contains("promote (reverse):\n  wave 1: storefront, mobile-api\n"))
    }

    @Test("order and graph refuse an invalid plan with its diagnostics and exit 2", arguments: ["order", "graph"])
    func invalidPlanExits2(command: String) throws {
        let broken = try TandemBinary.temporaryPlan(Self.invalidPlan)
        let result = try TandemBinary.run(["plan", command, broken])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("\(broken):9:7: error: unknown key \"dependOn\""))
    }

    @Test("a missing plan file is a clear error with exit 2", arguments: ["validate", "order", "graph"])
    func missingFile(command: String) throws {
        let result = try TandemBinary.run(["plan", command, "plans/nope.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("plans/nope.yaml: error: no such file\n  hint: "))
    }

    @Test("graph --format dot renders with Graphviz")
    func graphDot() throws {
        let result = try TandemBinary.run(["plan", "graph", "plans/shop.yaml", "--format", "dot"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("digraph \"shop\" {\n"))
        #expect(result.stdout.contains("  \"checkout\" -> \"payments\" [label=\"PAYMENTS_ADDR\"];\n"))
        #expect(result.stdout.contains("  \"checkout\" -> \"notifications\" [style=dashed];\n"))
        let rendered = try TandemBinary.pipe(result.stdout, to: "/usr/bin/dot", ["-Tsvg"])
        #expect(rendered.status == 0)
        #expect(rendered.output.contains("<svg"))
    }

    @Test("graph --format mermaid prints a flowchart grouped by deploy wave")
    func graphMermaid() throws {
        let result = try TandemBinary.run(["plan", "graph", "plans/loan-app.yaml", "--format", "mermaid"])
        #expect(result.status == 0)
        #expect(result.stdout == """
            flowchart LR
              subgraph wave1["deploy wave 1"]
                s0["backend"]
              end
              subgraph wave2["deploy wave 2"]
                s1["frontend"]
              end
              s1 -->|"BACKEND_HOST"| s0

            """)
    }

    @Test("--help of every plan command says what it does with an example",
          arguments: [["plan"], ["plan", "validate"], ["plan", "order"], ["plan", "graph"]])
    func help(command: [String]) throws {
        let result = try TandemBinary.run(command + ["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
        #expect(result.stdout.contains("tandem plan"))
        #expect(result.stdout.contains("OVERVIEW:"))
    }
}
