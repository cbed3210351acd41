import Foundation
import TandemKubeModel

/// The AnalysisRun controller (argo-rollouts analysis/analysis.go `reconcileAnalysisRun`): takes
/// the measurements that are due, counts them into each metric's result, assesses the metrics
/// and the run, records the completion Events and says when the run must be looked at again.
/// Measurements use the injected clock, so `interval`s follow a `ManualSimClock`.
struct AnalysisRunReconciler {
    let store: ObjectStore
    let clock: any SimClock
    let network: any PodNetwork

    /// Argo's DefaultErrorRetryInterval and DefaultMeasurementHistoryLimit.
    static let errorRetryInterval: TimeInterval = 10
    static let measurementHistoryLimit = 10

    func reconcile(namespace: String, name: String) async throws(APIStatus) -> Date? {
        guard let run = try? await store.get(.analysisRuns, namespace: namespace, name: name), run.deletionTimestamp == nil else { return nil }
        var status = run["status"].objectValue == nil ? JSON.emptyObject : run["status"]
        if AnalysisPhase(rawValue: status["phase"].stringValue ?? "")?.completed == true { return nil }
        let now = clock.now
        var events: [(String, String, EventRecorder.Kind)] = []
        var wake: Date?

        switch AnalysisMetrics.resolve(run[path: ["spec", "metrics"]], args: run[path: ["spec", "args"]]) {
        case .failure(let message):
            status["phase"] = .string(AnalysisPhase.error.rawValue)
            status["message"] = .string(message)
            events.append(Self.completionEvent(.error))
        case .success(let metrics):
            let dryRun = AnalysisMetrics.dryRunNames(run[path: ["spec", "dryRun"]], metrics: metrics)
            var results = MetricResults(status["metricResults"])
            let terminating = run[path: ["spec", "terminate"]].boolValue == true || results.anyTerminal(excluding: dryRun)
            if status["startedAt"].isNull { status["startedAt"] = .string(KubeTime.format(now)) }
            let startedAt = status["startedAt"].stringValue.flatMap(KubeTime.parse) ?? now
            let provider = WebMetricProvider(network: network, store: store)
            for metric in metrics where Self.isDue(metric, results: results, terminating: terminating, startedAt: startedAt, now: now) {
                let measurement = await provider.measure(metric, namespace: namespace, now: now)
                results.add(measurement, to: metric["name"].stringValue ?? "", dryRun: dryRun.contains(metric["name"].stringValue ?? ""))
            }
            let assessment = RunAssessment.assess(metrics: metrics, results: &results, dryRun: dryRun,
                                                  terminating: terminating || run[path: ["spec", "terminate"]].boolValue == true,
                                                  terminateRequested: run[path: ["spec", "terminate"]].boolValue == true)
            for (metric, phase) in assessment.completedMetrics {
                events.append(("Metric\(phase.rawValue)", "Metric '\(metric)' Completed. Result: \(phase.rawValue)",
                               phase == .failed || phase == .error ? .warning : .normal))
            }
            results.trimMeasurements(to: Self.measurementHistoryLimit)
            status["metricResults"] = results.json
            status["runSummary"] = assessment.runSummary
            status["dryRunSummary"] = assessment.dryRunSummary
            if assessment.phase.rawValue != status["phase"].stringValue {
                status["phase"] = .string(assessment.phase.rawValue)
                status.setText(["message"], assessment.message)
                if assessment.phase.completed {
                    events.append(Self.completionEvent(assessment.phase))
                    if status["completedAt"].isNull { status["completedAt"] = .string(KubeTime.format(now)) }
                }
            }
            if !assessment.phase.completed {
                wake = Self.nextReconcile(metrics: metrics, results: results, startedAt: startedAt, now: now)
            }
        }
        let newStatus = status
        let saved = try await store.modify(.analysisRuns, namespace: namespace, name: name) { current in
            var copy = current
            copy["status"] = newStatus
            return copy
        }
        let recorder = EventRecorder(store: store)
        for (reason, message, kind) in events {
            await recorder.record(EventRecorder.reference(saved, type: .analysisRuns), reason: reason, message: message, type: kind)
        }
        return wake
    }

    /// `recordAnalysisRunCompletionEvent`: "Analysis Completed. Result: PHASE".
    private static func completionEvent(_ phase: AnalysisPhase) -> (String, String, EventRecorder.Kind) {
        ("AnalysisRun\(phase.rawValue)", "Analysis Completed. Result: \(phase.rawValue)",
         phase == .failed || phase == .error ? .warning : .normal)
    }

    /// `generateMetricTasks`: whether a measurement of this metric is due now.
    static func isDue(_ metric: JSON, results: MetricResults, terminating: Bool, startedAt: Date, now: Date) -> Bool {
        let name = metric["name"].stringValue ?? ""
        let result = results[name]
        if AnalysisPhase(rawValue: result["phase"].stringValue ?? "")?.completed == true || terminating { return false }
        guard let last = result["measurements"].arrayValue?.last else {
            guard let delay = AnalysisMetrics.duration(metric["initialDelay"]) else { return true }
            return startedAt.addingTimeInterval(delay) <= now
        }
        if let count = AnalysisMetrics.effectiveCount(metric), (result["count"].intValue ?? 0) >= count { return false }
        let finished = last["finishedAt"].stringValue.flatMap(KubeTime.parse) ?? now
        return now >= finished.addingTimeInterval(interval(metric, after: last))
    }

    /// `calculateNextReconcileTime`: the earliest next measurement of the metrics still running.
    static func nextReconcile(metrics: [JSON], results: MetricResults, startedAt: Date, now: Date) -> Date? {
        var wake = WakeTime()
        for metric in metrics {
            let result = results[metric["name"].stringValue ?? ""]
            if AnalysisPhase(rawValue: result["phase"].stringValue ?? "")?.completed == true { continue }
            guard let last = result["measurements"].arrayValue?.last else {
                if let delay = AnalysisMetrics.duration(metric["initialDelay"]) { wake.at(startedAt.addingTimeInterval(delay)) }
                continue
            }
            if let count = AnalysisMetrics.effectiveCount(metric), (result["count"].intValue ?? 0) >= count { continue }
            let finished = last["finishedAt"].stringValue.flatMap(KubeTime.parse) ?? now
            wake.at(finished.addingTimeInterval(interval(metric, after: last)))
        }
        return wake.date
    }

    /// After an Error measurement Argo retries in 10 s; otherwise the metric's `interval`.
    private static func interval(_ metric: JSON, after last: JSON) -> TimeInterval {
        if last["phase"].stringValue == AnalysisPhase.error.rawValue { return errorRetryInterval }
        return AnalysisMetrics.duration(metric["interval"]) ?? errorRetryInterval
    }
}
