import Foundation
import TandemKubeModel

/// Which of a Rollout's non-current AnalysisRuns the controller deletes: Argo's
/// `FilterAnalysisRunsToDelete` (utils/analysis/filter.go), called at the end of
/// `reconcileAnalysisRuns` (rollout/analysis.go) with `spec.analysis.successfulRunHistoryLimit` and
/// `unsuccessfulRunHistoryLimit` (default 5 each, utils/defaults).
enum AnalysisRunHistory {
    static let defaultLimit = 5

    /// Newest first, runs without a pod-template-hash label, or whose ReplicaSet is gone or being
    /// deleted, are deleted; of the rest the newest `successful` Successful runs and the newest
    /// `unsuccessful` Failed/Error/Inconclusive runs are kept, older ones deleted. Runs still
    /// Pending or Running are kept.
    static func runsToDelete(_ others: [JSON], replicaSets: [JSON], spec: JSON) -> [JSON] {
        let successfulLimit = spec[path: ["analysis", "successfulRunHistoryLimit"]].intValue ?? defaultLimit
        let unsuccessfulLimit = spec[path: ["analysis", "unsuccessfulRunHistoryLimit"]].intValue ?? defaultLimit
        var deleting: [String: Bool] = [:]    // pod hash → the ReplicaSet has a deletionTimestamp
        for rs in replicaSets {
            if let hash = rs.labels[ArgoKeys.hashLabel] { deleting[hash] = rs.deletionTimestamp != nil }
        }
        var keptSuccessful = 0, keptUnsuccessful = 0
        var result: [JSON] = []
        for run in others.sorted(by: newerFirst) {
            guard let hash = run.labels[ArgoKeys.hashLabel], let rsDeleting = deleting[hash], !rsDeleting else {
                result.append(run)
                continue
            }
            switch AnalysisPhase(rawValue: run[path: ["status", "phase"]].stringValue ?? "") {
            case .successful?:
                if keptSuccessful < successfulLimit { keptSuccessful += 1 } else { result.append(run) }
            case .failed?, .error?, .inconclusive?:
                if keptUnsuccessful < unsuccessfulLimit { keptUnsuccessful += 1 } else { result.append(run) }
            default:
                break
            }
        }
        return result
    }

    /// By creationTimestamp, newest first (`AnalysisRunByCreationTimestamp`, reversed). Within one
    /// second, the timestamp's resolution, Go's unstable sort leaves the order open; here the run
    /// written last (higher resourceVersion) counts as the newer one.
    private static func newerFirst(_ a: JSON, _ b: JSON) -> Bool {
        let ta = a.creationTimestamp.flatMap(KubeTime.parse) ?? .distantPast
        let tb = b.creationTimestamp.flatMap(KubeTime.parse) ?? .distantPast
        if ta != tb { return ta > tb }
        return (a.resourceVersion.flatMap(Int.init) ?? 0) > (b.resourceVersion.flatMap(Int.init) ?? 0)
    }
}
