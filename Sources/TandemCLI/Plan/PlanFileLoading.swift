import Foundation
import TandemPlan

/// Loads plans for the `plan` commands; prints every diagnostic to standard error.
enum PlanFileLoading {
    /// The plan, or `nil` after printing its diagnostics.
    static func loadReporting(_ path: String) -> ReleasePlan? {
        do {
            return try PlanLoader.load(path: path)
        } catch {
            printError(error.description)
            return nil
        }
    }

    /// The plan, or throws `ReportedFailure(.invalidInput)` (exit 2) after printing diagnostics.
    static func loadOrFail(_ path: String) throws -> ReleasePlan {
        guard let plan = loadReporting(path) else { throw ReportedFailure(.invalidInput) }
        return plan
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
