import TandemKubeModel

/// `status.metricResults` of an AnalysisRun, by metric name, in order of first measurement.
struct MetricResults {
    private var items: [JSON]

    init(_ json: JSON) { items = json.arrayValue ?? [] }

    var json: JSON { .array(items) }

    subscript(name: String) -> JSON {
        get { items.first { $0["name"].stringValue == name } ?? .null }
        set {
            if let index = items.firstIndex(where: { $0["name"].stringValue == name }) { items[index] = newValue } else { items.append(newValue) }
        }
    }

    /// `IsTerminating`: a counted metric already Failed, Error or Inconclusive.
    func anyTerminal(excluding dryRun: Set<String>) -> Bool {
        items.contains { item in
            let phase = AnalysisPhase(rawValue: item["phase"].stringValue ?? "")
            return !dryRun.contains(item["name"].stringValue ?? "") && [.failed, .error, .inconclusive].contains(phase)
        }
    }

    /// Counts a finished measurement the way `runMeasurements` does.
    mutating func add(_ measurement: JSON, to name: String, dryRun: Bool) {
        var result = self[name]
        if result.isNull {
            result = ["name": .string(name), "phase": .string(AnalysisPhase.running.rawValue)]
            if dryRun { result["dryRun"] = true }
        }
        func bump(_ key: String) { result[key] = .int((result[key].intValue ?? 0) + 1) }
        switch AnalysisPhase(rawValue: measurement["phase"].stringValue ?? "") {
        case .successful: bump("successful"); bump("count"); result.deleteMember(["consecutiveError"]); bump("consecutiveSuccess")
        case .failed: bump("failed"); bump("count"); result.deleteMember(["consecutiveError"]); result.deleteMember(["consecutiveSuccess"])
        case .inconclusive: bump("inconclusive"); bump("count"); result.deleteMember(["consecutiveError"]); result.deleteMember(["consecutiveSuccess"])
        case .error: bump("error"); bump("consecutiveError"); result.deleteMember(["consecutiveSuccess"])
        default: break
        }
        result["measurements"] = .array((result["measurements"].arrayValue ?? []) + [measurement])
        self[name] = result
    }

    /// `garbageCollectMeasurements`: keep the newest N measurements of each metric.
    mutating func trimMeasurements(to limit: Int) {
        for index in items.indices {
            if let measurements = items[index]["measurements"].arrayValue, measurements.count > limit {
                items[index]["measurements"] = .array(Array(measurements.suffix(limit)))
            }
        }
    }
}

/// `assessRunStatus` and `assessMetricStatus` (argo-rollouts analysis/analysis.go): each metric's
/// phase from its counts and limits, the run's phase as the worst completed metric, and the
/// message `Metric "NAME" assessed PHASE due to failed (N) > failureLimit (M)`.
struct RunAssessment {
    var phase: AnalysisPhase
    var message: String?
    var completedMetrics: [(String, AnalysisPhase)] = []
    var runSummary: JSON
    var dryRunSummary: JSON

    static func assess(metrics: [JSON], results: inout MetricResults, dryRun: Set<String>, terminating: Bool,
                       terminateRequested: Bool) -> RunAssessment {
        var worst: AnalysisPhase?
        var worstMessage = terminateRequested ? "Run Terminated" : ""
        var everythingCompleted = true
        var summary = Summary(), drySummary = Summary()
        var completed: [(String, AnalysisPhase)] = []
        for metric in metrics {
            let name = metric["name"].stringValue ?? ""
            let isDry = dryRun.contains(name)
            if isDry { drySummary.count += 1 } else { summary.count += 1 }
            var result = results[name]
            guard !result.isNull else { everythingCompleted = false; continue }
            let status = metricStatus(metric, result, terminating: terminating)
            if result["phase"].stringValue != status.rawValue {
                if status.completed { completed.append((name, status)) }
                if let last = result["measurements"].arrayValue?.last { result.setText(["message"], last["message"].stringValue) }
                result["phase"] = .string(status.rawValue)
                results[name] = result
            }
            guard status.completed else { everythingCompleted = false; continue }
            let (limitPhase, reason) = failureInconclusiveOrError(metric, result)
            if !isDry {
                if worst == nil || worst!.isWorse(status) {
                    worst = status
                    if let reason {
                        worstMessage = "Metric \"\(name)\" assessed \(status.rawValue) due to \(reason)"
                        if let text = result["message"].stringValue, !text.isEmpty { worstMessage += ": \"Error Message: \(text)\"" }
                    }
                }
                summary.add(limitPhase ?? .successful)
            } else {
                if worst == nil { worst = .successful }
                if let reason {
                    result["message"] = .string("Metric assessed \(status.rawValue) due to \(reason)")
                    results[name] = result
                }
                drySummary.add(limitPhase ?? .successful)
            }
        }
        let message = worstMessage.trimmingCharacters(in: .whitespaces)
        var assessment = RunAssessment(phase: .running, message: nil, completedMetrics: completed,
                                       runSummary: summary.json, dryRunSummary: drySummary.json)
        if terminating {
            assessment.phase = worst ?? .successful
            assessment.message = message.isEmpty ? nil : message
        } else if everythingCompleted, let worst {
            assessment.phase = worst
            assessment.message = message.isEmpty ? nil : message
        }
        return assessment
    }

    /// `assessMetricStatus`.
    static func metricStatus(_ metric: JSON, _ result: JSON, terminating: Bool) -> AnalysisPhase {
        if let phase = AnalysisPhase(rawValue: result["phase"].stringValue ?? ""), phase.completed { return phase }
        guard let last = result["measurements"].arrayValue?.last else { return terminating ? .successful : .pending }
        guard AnalysisPhase(rawValue: last["phase"].stringValue ?? "")?.completed == true else { return .running }
        if let phase = failureInconclusiveOrError(metric, result).0 { return phase }
        if let count = AnalysisMetrics.effectiveCount(metric), (result["count"].intValue ?? 0) >= count { return .successful }
        return terminating ? .successful : .running
    }

    /// `assessMetricFailureInconclusiveOrError`: which limit was exceeded, if any (the last check wins).
    static func failureInconclusiveOrError(_ metric: JSON, _ result: JSON) -> (AnalysisPhase?, String?) {
        var phase: AnalysisPhase?, message: String?
        let failed = result["failed"].intValue ?? 0, inconclusive = result["inconclusive"].intValue ?? 0
        let consecutiveErrors = result["consecutiveError"].intValue ?? 0
        let failureLimit = AnalysisMetrics.limit(metric["failureLimit"]) ?? 0
        if failureLimit >= 0, failed > failureLimit {
            phase = .failed
            message = "failed (\(failed)) > failureLimit (\(failureLimit))"
        }
        let inconclusiveLimit = AnalysisMetrics.limit(metric["inconclusiveLimit"]) ?? 0
        if inconclusive > inconclusiveLimit {
            phase = .inconclusive
            message = "inconclusive (\(inconclusive)) > inconclusiveLimit (\(inconclusiveLimit))"
        }
        let errorLimit = AnalysisMetrics.limit(metric["consecutiveErrorLimit"]) ?? 4
        if consecutiveErrors > errorLimit {
            phase = .error
            message = "consecutiveErrors (\(consecutiveErrors)) > consecutiveErrorLimit (\(errorLimit))"
        }
        return (phase, message)
    }

    private struct Summary {
        var count = 0, successful = 0, failed = 0, inconclusive = 0, error = 0

        mutating func add(_ phase: AnalysisPhase) {
            switch phase {
            case .error: error += 1
            case .failed: failed += 1
            case .inconclusive: inconclusive += 1
            default: successful += 1
            }
        }

        /// `RunSummary` (every field `omitempty`).
        var json: JSON {
            var out = JSON.emptyObject
            out.setCount("count", count)
            out.setCount("successful", successful)
            out.setCount("failed", failed)
            out.setCount("inconclusive", inconclusive)
            out.setCount("error", error)
            return out
        }
    }
}
