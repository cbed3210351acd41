import Foundation
import Testing
import TandemTestSupport
@testable import TandemPlan

@Suite("Graph rendering")
struct GraphRendererTests {
    static func loanApp() throws -> (ReleasePlan, ReleaseOrder) {
        let plan = try PlanLoader.load(path: PlanLoaderTests.fixture("loan-app.yaml"))
        return (plan, PlanOrder.compute(plan))
    }

    @Test("DOT output has one cluster per deploy wave and consumer → dependency edges")
    func dotStructure() throws {
        let (plan, order) = try Self.loanApp()
        #expect(GraphRenderer.dot(plan: plan, order: order) == """
            digraph "loan-app" {
              rankdir=LR;
              node [shape=box, style=rounded];
              subgraph "cluster_wave1" {
                label="deploy wave 1";
                "backend";
              }
              subgraph "cluster_wave2" {
                label="deploy wave 2";
                "frontend";
              }
              "frontend" -> "backend" [label="BACKEND_HOST"];
            }
            """)
    }

    @Test("Mermaid output uses safe node ids, wave subgraphs and dotted ordering-only edges")
    func mermaidStructure() {
        let plan = ReleasePlan(name: "p", services: [
            ServiceSpec(name: "end", image: "x/end"),
            ServiceSpec(name: "web", image: "x/web", dependsOn: [
                Dependency(service: "end", configMap: "web", key: "END_HOST"),
            ]),
            ServiceSpec(name: "worker", image: "x/worker", dependsOn: [Dependency(service: "end")]),
        ])
        #expect(GraphRenderer.mermaid(plan: plan, order: PlanOrder.compute(plan)) == """
            flowchart LR
              subgraph wave1["deploy wave 1"]
                s0["end"]
              end
              subgraph wave2["deploy wave 2"]
                s1["web"]
                s2["worker"]
              end
              s1 -->|"END_HOST"| s0
              s2 -.-> s0
            """)
    }

    @Test("Graphviz renders the DOT output of the shop example to SVG")
    func dotRenders() throws {
        let plan = try PlanLoader.load(path: ExamplePlans.path("shop.yaml"))
        let dot = GraphRenderer.dot(plan: plan, order: PlanOrder.compute(plan))
        let rendered = try ProcessRunner.run("/usr/bin/dot", ["-Tsvg"], stdin: dot)
        let svg = rendered.stdout
        #expect(rendered.status == 0)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("deploy wave 5"))
        #expect(svg.contains("checkout"))
    }
}
