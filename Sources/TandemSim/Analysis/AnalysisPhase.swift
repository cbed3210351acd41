/// `AnalysisPhase` (argo-rollouts pkg/apis/rollouts/v1alpha1/analysis_types.go) with the
/// best-to-worst order of utils/analysis/helpers.go `analysisStatusOrder`.
enum AnalysisPhase: String, Sendable {
    case pending = "Pending", running = "Running", successful = "Successful"
    case failed = "Failed", error = "Error", inconclusive = "Inconclusive"

    var completed: Bool { [.successful, .failed, .error, .inconclusive].contains(self) }

    private static let order: [AnalysisPhase] = [.successful, .running, .pending, .inconclusive, .error, .failed]

    /// `IsWorse(current, new)`: whether `other` is a worse outcome than `self`.
    func isWorse(_ other: AnalysisPhase) -> Bool {
        (Self.order.firstIndex(of: other) ?? 0) > (Self.order.firstIndex(of: self) ?? 0)
    }
}
