import Foundation
import TandemKubeModel

/// Reading an AnalysisRun's metrics as Argo does: `{{args.NAME}}` substituted
/// (utils/template ResolveArgs), the spec validated (utils/analysis ValidateMetrics), counts,
/// limits and durations with Argo's defaults (pkg/apis/rollouts/v1alpha1 `EffectiveCount`).
enum AnalysisMetrics {
    enum Resolution { case success([JSON]), failure(String) }

    static func resolve(_ metrics: JSON, args: JSON) -> Resolution {
        var values: [String: String] = [:]
        for arg in args.arrayValue ?? [] {
            if let name = arg["name"].stringValue, let value = arg["value"].stringValue { values[name] = value }
        }
        var resolved: [JSON] = []
        for metric in metrics.arrayValue ?? [] {
            do { resolved.append(try substitute(metric, values)) } catch {
                return .failure("Unable to resolve metric arguments: \(error)")
            }
        }
        if resolved.isEmpty { return .failure("Analysis spec invalid: no metrics specified") }
        var seen: Set<String> = []
        for (index, metric) in resolved.enumerated() {
            let name = metric["name"].stringValue ?? ""
            if !seen.insert(name).inserted { return .failure("Analysis spec invalid: metrics[\(index)]: duplicate name '\(name)'") }
            let failureLimit = limit(metric["failureLimit"]) ?? 0
            if failureLimit < -1 { return .failure("Analysis spec invalid: metrics[\(index)]: failureLimit must be >= 0, or -1 to be disabled") }
            if (limit(metric["inconclusiveLimit"]) ?? 0) < 0 {
                return .failure("Analysis spec invalid: metrics[\(index)]: inconclusiveLimit must be >= 0")
            }
            if let count = effectiveCount(metric), count > 0, failureLimit >= 0, count < failureLimit {
                return .failure("Analysis spec invalid: metrics[\(index)]: count (\(count)) must be >= failureLimit + consecutiveSuccessLimit (\(failureLimit) + 0) if both >= 0")
            }
        }
        return .success(resolved)
    }

    struct Unresolved: Error, CustomStringConvertible { let description: String }

    /// Replaces `{{args.NAME}}` (spaces allowed inside the braces) in every string of the metric.
    private static func substitute(_ value: JSON, _ args: [String: String]) throws(Unresolved) -> JSON {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            var out = ""
            var rest = Substring(text)
            while let open = rest.range(of: "{{") {
                out += rest[..<open.lowerBound]
                guard let close = rest[open.upperBound...].range(of: "}}") else { out += rest[open.lowerBound...]; rest = ""; break }
                let token = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                if token.hasPrefix("args.") {
                    let name = String(token.dropFirst(5))
                    guard let replacement = args[name] else { throw Unresolved(description: "failed to resolve {{args.\(name)}}") }
                    out += replacement
                } else {
                    out += rest[open.lowerBound..<close.upperBound]
                }
                rest = rest[close.upperBound...]
            }
            return .string(out + rest)
        case .array(let items):
            var copy: [JSON] = []
            for item in items { copy.append(try substitute(item, args)) }
            return .array(copy)
        case .object(let members):
            var copy: [String: JSON] = [:]
            for (key, item) in members { copy[key] = try substitute(item, args) }
            return .object(copy)
        default:
            return value
        }
    }

    /// `dryRun: [{metricName: NAME | "*"}]` → the metrics whose outcome does not count.
    static func dryRunNames(_ dryRun: JSON, metrics: [JSON]) -> Set<String> {
        let names = (dryRun.arrayValue ?? []).compactMap { $0["metricName"].stringValue }
        if names.contains("*") { return Set(metrics.compactMap { $0["name"].stringValue }) }
        return Set(names)
    }

    /// `EffectiveCount`: the count; 1 without count and interval; nil (indefinite) with only an interval.
    static func effectiveCount(_ metric: JSON) -> Int? {
        if let count = limit(metric["count"]), count != 0 { return count }
        return (metric["interval"].stringValue ?? "").isEmpty ? 1 : nil
    }

    /// An int-or-string limit (`failureLimit: 2` or `"2"`).
    static func limit(_ value: JSON) -> Int? {
        value.intValue ?? value.stringValue.flatMap { Int($0) }
    }

    /// A duration string (`30s`, `5m`) in seconds; nil when absent or unparsable.
    static func duration(_ value: JSON) -> TimeInterval? {
        guard let text = value.stringValue, !text.isEmpty, let duration = try? KubeDuration.parse(text) else { return nil }
        return duration.timeInterval
    }
}
