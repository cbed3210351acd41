import ArgumentParser

/// `tandem plan` — read, check and explain release plans.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Validate a release plan and show the order and graph it implies.",
        discussion: """
        A plan (plans/*.yaml) lists the services of a release, what each depends on, and the \
        checkpoints where people approve. The format is described in docs/plan-format.md.

        Examples:
          tandem plan validate plans/*.yaml
          tandem plan order plans/loan-app.yaml --format json
          tandem plan graph plans/shop.yaml --format mermaid
        """,
        subcommands: [PlanValidateCommand.self, PlanOrderCommand.self, PlanGraphCommand.self, PlanStepsCommand.self]
    )
}
