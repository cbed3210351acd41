import ArgumentParser
import TandemPlan

/// `tandem plan graph <plan> --format dot|mermaid`
struct PlanGraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the dependency graph as Graphviz DOT or a Mermaid flowchart.",
        discussion: """
        Edges point from a consumer to the dependency it calls, labelled with the ConfigMap key \
        tandem writes (dashed when the edge only orders the release). Services are grouped by \
        deploy wave.

        Examples:
          tandem plan graph plans/shop.yaml --format dot | dot -Tsvg > shop.svg
          tandem plan graph plans/loan-app.yaml --format mermaid
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dot, mermaid
    }

    @Argument(help: "The plan file.")
    var plan: String

    @Option(help: "Output format: dot or mermaid.")
    var format: Format = .dot

    func run() async throws {
        let releasePlan = try PlanFileLoading.loadOrFail(plan)
        let order = PlanOrder.compute(releasePlan)
        switch format {
        case .dot: print(GraphRenderer.dot(plan: releasePlan, order: order))
        case .mermaid: print(GraphRenderer.mermaid(plan: releasePlan, order: order))
        }
    }
}
