import Foundation
@testable import TandemPlan

/// Loads plan text on a separate thread and gives up waiting after `seconds`, so a plan that
/// makes the loader loop forever fails the test instead of hanging the whole run. (A thread that
/// never returns keeps spinning until the test process exits; callers stop at the first one.)
enum BoundedLoad {
    /// The diagnostics ([] when valid), or nil when loading did not finish within `seconds`.
    static func diagnostics(_ text: String, within seconds: Double) -> [PlanDiagnostic]? {
        let result = ResultBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            result.set(PlanText.diagnostics(text))
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result.get()
    }

    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: [PlanDiagnostic] = []
        func set(_ new: [PlanDiagnostic]) { lock.withLock { value = new } }
        func get() -> [PlanDiagnostic] { lock.withLock { value } }
    }
}
