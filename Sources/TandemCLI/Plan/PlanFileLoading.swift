import Foundation
import TandemPlan

/// Loads plans for the `plan` commands; prints every diagnostic to standard error.
enum PlanFileLoading {
    /// The plan, or `nil` after printing its diagnostics.
    static func loadReporting(_ path: String) -> ReleasePlan? {
        do {
            return try PlanLoader.load(path: path)
        } catch {
            complain(error.description)
            return nil
        }
    }

    /// The plan, or throws `ReportedFailure(.invalidInput)` (exit 2) after printing diagnostics.
    static func loadOrFail(_ path: String) throws -> ReleasePlan {
        try loadFileOrFail(path).plan
    }

    /// The plan and the text it was parsed from (the file read once), or exit 2 after printing diagnostics.
    static func loadFileOrFail(_ path: String) throws -> (plan: ReleasePlan, text: String) {
        do {
            return try PlanLoader.loadFile(path: path)
        } catch {
            complain(error.description)
            throw ReportedFailure(.invalidInput)
        }
    }

}
