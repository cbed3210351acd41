import ArgumentParser
import TandemPlan

/// `tandem plan order <plan> [--format text|json]`
struct PlanOrderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Print the deploy waves and promote waves of a plan.",
        discussion: """
        Deploy waves come from the dependency graph (a wave = services whose dependencies are \
        in earlier waves; ties keep plan order). Lockstep plans promote in the exact reverse; \
        independent plans promote each wave right after it is verified.

        Examples:
          tandem plan order plans/loan-app.yaml
          tandem plan order plans/loan-app.yaml --format json
        prints
        {"plan":"loan-app","coupling":"lockstep","deployWaves":[["backend"],["frontend"]],"promoteWaves":[["frontend"],["backend"]]}
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The plan file.")
    var plan: String

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() async throws {
        let releasePlan = try PlanFileLoading.loadOrFail(plan)
        let order = PlanOrder.compute(releasePlan)
        switch format {
        case .text: print(OrderRenderer.text(plan: releasePlan, order: order))
        case .json: print(OrderRenderer.json(plan: releasePlan, order: order))
        }
    }
}
