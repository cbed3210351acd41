import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// The pure parts of the AnalysisRun controller: the expression subset of
/// argo-rollouts utils/evaluate (expr-lang), the JSONPath subset the web provider applies,
/// `EvaluateResult`'s rules for one or both conditions, and `assessMetricStatus` / `assessRunStatus`.
@Suite("Analysis evaluation")
struct AnalysisEvaluationTests {
    private func check(_ expression: String, _ result: JSON) throws -> Bool {
        try AnalysisExpression(expression).evaluateCondition(result: result)
    }

    @Test("conditions in the forms Argo's docs use evaluate over the result")
    func documentedForms() throws {
        #expect(try check("result == true", true))
        #expect(try check("result.ok == true && result.errors < 5", ["ok": true, "errors": 2]))
        #expect(try check("result[0] >= 0.95", [0.97]))
        #expect(try check("asFloat(result) > 0.9 || result == 'n/a'", "0.93"))
        #expect(try check("len(result.items) == 2", ["items": [1, 2]]))
        #expect(try !check("!(result.version == '2.0') and result.version != nil", ["version": "2.0"]))
        #expect(try check("result.missing == nil", ["version": "2.0"]))
        #expect(try check("asInt(result) % 2 == 0 && -result < 0", 4))
    }

    @Test("a malformed or non-boolean expression is an error, not false")
    func errors() {
        #expect(throws: AnalysisExpression.Failure.self) { try check("result ==", 1) }
        #expect(throws: AnalysisExpression.Failure.self) { try check("result.version", ["version": "2.0"]) }
        #expect(throws: AnalysisExpression.Failure.self) { try check("unknown > 1", 1) }
        #expect(throws: AnalysisExpression.Failure.self) { try check("result < 1", "text") }
    }

    @Test("JSONPath: {$} is the whole body, fields, indexes and quoted keys are followed, a missing field is named")
    func jsonPath() throws {
        let body: JSON = ["version": "2.0", "calls": ["DB": ["reachedPod": "db-1"]], "list": [10, 20]]
        #expect(try MetricJSONPath.find(nil, in: body) == body)
        #expect(try MetricJSONPath.find("{$.version}", in: body) == "2.0")
        #expect(try MetricJSONPath.find("{.calls['DB'].reachedPod}", in: body) == "db-1")
        #expect(try MetricJSONPath.find("{$.list[1]}", in: body) == 20)
        #expect(throws: MetricJSONPath.Failure.self) { try MetricJSONPath.find("{$.nope}", in: body) }
        #expect(throws: MetricJSONPath.Failure.self) { try MetricJSONPath.find("{$.list[*]}", in: body) }
    }

    @Test("EvaluateResult: no condition succeeds, only success fails when false, neither met is Inconclusive")
    func conditionRules() throws {
        #expect(try MetricConditions.evaluate([:], result: 1) == .successful)
        #expect(try MetricConditions.evaluate(["successCondition": "result > 1"], result: 1) == .failed)
        #expect(try MetricConditions.evaluate(["failureCondition": "result > 1"], result: 1) == .successful)
        #expect(try MetricConditions.evaluate(["successCondition": "result > 5", "failureCondition": "result < 0"], result: 1) == .inconclusive)
        #expect(try MetricConditions.evaluate(["successCondition": "result > 0", "failureCondition": "result > 0"], result: 1) == .failed)
    }

    @Test("failureLimit and count: two failures within failureLimit 2 of count 3 still succeed, a third fails the run")
    func limits() {
        let metric: JSON = ["name": "m", "count": 4, "interval": "10s", "failureLimit": 2]
        var results = MetricResults(.null)
        for phase in ["Failed", "Failed", "Successful", "Successful"] {
            results.add(["phase": .string(phase)], to: "m", dryRun: false)
        }
        var assessment = RunAssessment.assess(metrics: [metric], results: &results, dryRun: [], terminating: false, terminateRequested: false)
        #expect(assessment.phase == .successful)
        var failing = MetricResults(.null)
        for _ in 0..<3 { failing.add(["phase": "Failed"], to: "m", dryRun: false) }
        assessment = RunAssessment.assess(metrics: [metric], results: &failing, dryRun: [], terminating: false, terminateRequested: false)
        #expect(assessment.phase == .failed)
        #expect(assessment.message == "Metric \"m\" assessed Failed due to failed (3) > failureLimit (2)")
        #expect(assessment.runSummary == ["count": 1, "failed": 1])
    }

    @Test("five consecutive errors exceed the default consecutiveErrorLimit of 4")
    func consecutiveErrors() {
        let metric: JSON = ["name": "m", "interval": "5s"]
        var results = MetricResults(.null)
        for _ in 0..<4 { results.add(["phase": "Error", "message": "boom"], to: "m", dryRun: false) }
        #expect(RunAssessment.assess(metrics: [metric], results: &results, dryRun: [], terminating: false, terminateRequested: false).phase == .running)
        results.add(["phase": "Error", "message": "boom"], to: "m", dryRun: false)
        let assessment = RunAssessment.assess(metrics: [metric], results: &results, dryRun: [], terminating: false, terminateRequested: false)
        #expect(assessment.phase == .error)
        #expect(assessment.message == "Metric \"m\" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): \"Error Message: boom\"")
    }

    @Test("args are substituted into the metric; an unknown arg is an Error with Argo's prefix")
    func args() {
        let metrics: JSON = [["name": "m", "provider": ["web": ["url": "http://{{ args.svc }}/x"]]]]
        guard case .success(let resolved) = AnalysisMetrics.resolve(metrics, args: [["name": "svc", "value": "web-preview"]]) else {
            Issue.record("args did not resolve")
            return
        }
        #expect(resolved[0][path: ["provider", "web", "url"]] == "http://web-preview/x")
        guard case .failure(let message) = AnalysisMetrics.resolve(metrics, args: []) else {
            Issue.record("an unknown arg resolved")
            return
        }
        #expect(message == "Unable to resolve metric arguments: failed to resolve {{args.svc}}")
    }
}
