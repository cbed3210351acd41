import ArgumentParser
import TandemPlan

/// `tandem plan validate <plan>...`
struct PlanValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check plans and report every problem at once.",
        discussion: """
        Prints `ok: FILE (N services)` for each valid plan. For each invalid plan, prints every \
        problem to standard error as `FILE:LINE:COL: error: MESSAGE`, most followed by a \
        `  hint:` line. Exits 0 when all plans are valid, 2 when any is invalid or missing.

        Example:
          tandem plan validate plans/loan-app.yaml plans/shop.yaml
        """
    )

    @Argument(help: "Plan files to check.")
    var plans: [String]

    func validate() throws {
        if plans.isEmpty { throw ValidationError("name at least one plan file, e.g. plans/loan-app.yaml") }
    }

    func run() async throws {
        var allValid = true
        for path in plans {
            if let plan = PlanFileLoading.loadReporting(path) {
                print("ok: \(path) (\(plan.services.count) services)")
            } else {
                allValid = false
            }
        }
        if !allValid { throw ReportedFailure(.invalidInput) }
    }
}
