import Foundation
import TandemKubeModel

/// Argo's `web` metric provider (argo-rollouts metricproviders/webmetric/webmetric.go) against
/// the simulated cluster: the URL's host must name a Service of the simulated cluster (`svc`,
/// `svc.ns`, `svc.ns.svc[.cluster.local]`), which answers through the in-process Service proxy —
/// the same JSON document a simulated pod returns at any path. Nothing leaves the process.
/// The value is `jsonPath` (default `{$}`) of that document, judged by the metric's conditions.
struct WebMetricProvider {
    let network: any PodNetwork
    let store: ObjectStore

    /// One measurement: `phase`, `value`, `message`, `startedAt`, `finishedAt`.
    func measure(_ metric: JSON, namespace: String, now: Date) async -> JSON {
        let stamp = JSON.string(KubeTime.format(now))
        var measurement: JSON = ["startedAt": stamp, "finishedAt": stamp]
        let web = metric[path: ["provider", "web"]]
        guard web.objectValue != nil else {
            let provider = metric["provider"].objectValue?.keys.sorted().first ?? "none"
            return Self.error(measurement, "metric provider '\(provider)' is not emulated by the simulator (only 'web' is)")
        }
        let method = (web["method"].stringValue ?? "GET").uppercased()
        let hasBody = !(web["body"].stringValue ?? "").isEmpty || !web["jsonBody"].isNull
        if !(web["body"].stringValue ?? "").isEmpty, !web["jsonBody"].isNull {
            return Self.error(measurement, "use either Body or JSONBody; both cannot exists for WebMetric payload")
        }
        if hasBody, method == "GET" {
            return Self.error(measurement, "Body/JSONBody can only be used with POST or PUT WebMetric Method types")
        }
        let url = web["url"].stringValue ?? ""
        let verb = method.prefix(1) + method.dropFirst().lowercased()
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty,
              ["http", "https"].contains(components.scheme?.lowercased() ?? "") else {
            return Self.error(measurement, "\(verb) \"\(url)\": unsupported protocol scheme or missing host")
        }
        guard let reference = ServiceReference.parse(host, defaultNamespace: namespace),
              (try? await store.get(.services, namespace: reference.namespace, name: reference.name)) != nil else {
            return Self.error(measurement, "\(verb) \"\(url)\": dial tcp: lookup \(host): no such host")
        }
        let body: JSON
        do {
            body = try await network.proxyToService(namespace: reference.namespace, service: reference.name,
                                                   port: components.port.map(String.init), path: components.path)
        } catch {
            let port = components.port.map(String.init) ?? (components.scheme == "https" ? "443" : "80")
            return Self.error(measurement, "\(verb) \"\(url)\": dial tcp \(host):\(port): connect: connection refused")
        }
        let value: JSON
        do {
            value = try MetricJSONPath.find(web["jsonPath"].stringValue, in: body)
        } catch {
            return Self.error(measurement, "Could not find JSONPath in body: \(error)")
        }
        measurement["value"] = .string(value.serializedString())
        do {
            measurement["phase"] = .string(try MetricConditions.evaluate(metric, result: value).rawValue)
        } catch {
            return Self.error(measurement, "\(error)")
        }
        return measurement
    }

    /// `MarkMeasurementError`: phase Error with the message.
    private static func error(_ measurement: JSON, _ message: String) -> JSON {
        var copy = measurement
        copy["phase"] = .string(AnalysisPhase.error.rawValue)
        copy["message"] = .string(message)
        return copy
    }
}

/// `evaluate.EvaluateResult` (argo-rollouts utils/evaluate/evaluate.go): success and failure
/// conditions over the result, and the rules for when only one of them is given.
enum MetricConditions {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func evaluate(_ metric: JSON, result: JSON) throws(Failure) -> AnalysisPhase {
        let success = metric["successCondition"].stringValue ?? ""
        let failure = metric["failureCondition"].stringValue ?? ""
        var successMet = false, failureMet = false
        if !success.isEmpty { successMet = try condition(success, "successCondition", result) }
        if !failure.isEmpty { failureMet = try condition(failure, "failureCondition", result) }
        switch (success.isEmpty, failure.isEmpty) {
        case (true, true): return .successful
        case (false, true): failureMet = !successMet
        case (true, false): successMet = !failureMet
        default: break
        }
        if failureMet { return .failed }
        return successMet ? .successful : .inconclusive
    }

    private static func condition(_ expression: String, _ kind: String, _ result: JSON) throws(Failure) -> Bool {
        do {
            return try AnalysisExpression(expression).evaluateCondition(result: result)
        } catch {
            let empty = result.isNull || result.arrayValue?.isEmpty == true
            if empty {
                throw Failure(description: "could not evaluate \(kind) \"\(expression)\": metric result is nil or empty: no data returned from the metric provider")
            }
            throw Failure(description: "could not evaluate \(kind) \"\(expression)\": \(error)")
        }
    }
}
