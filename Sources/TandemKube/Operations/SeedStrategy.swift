import Foundation
import TandemKubeModel

/// The Rollout strategy `WorldSeeder` gives every service.
public enum SeedStrategy: Sendable, Equatable {
    /// Blue/green, manual promotion, Services `<service>-active` and `<service>-preview`, 2 replicas.
    case blueGreen
    /// Basic canary (no traffic routing) with these steps, Services `<service>-stable` and
    /// `<service>-canary`, `replicas` pods (5 by default, so 20 % and 50 % give different splits).
    case canary(steps: [CanaryStepSpec], replicas: Int = 5)

    /// The lockstep canary example's steps: 20 → pause → 50 → pause → 100.
    public static let defaultCanarySteps: [CanaryStepSpec] = [.setWeight(20), .pause(nil), .setWeight(50), .pause(nil), .setWeight(100)]

    /// The two Services of a service: the one consumers are configured with first.
    var serviceRoles: (consumed: String, other: String) {
        switch self {
        case .blueGreen: ("active", "preview")
        case .canary: ("stable", "canary")
        }
    }

    var replicas: Int {
        switch self {
        case .blueGreen: 2
        case .canary(_, let replicas): replicas
        }
    }

    func strategyJSON(service: String) -> JSON {
        switch self {
        case .blueGreen:
            ["blueGreen": ["activeService": .string("\(service)-active"), "previewService": .string("\(service)-preview"),
                           "autoPromotionEnabled": false]]
        case .canary(let steps, _):
            ["canary": ["stableService": .string("\(service)-stable"), "canaryService": .string("\(service)-canary"),
                        "steps": .array(steps.map(\.json))]]
        }
    }
}

/// One canary step as `tandem sim seed --steps` writes it: `20` (setWeight), `pause` or `pause:30s`.
public enum CanaryStepSpec: Sendable, Equatable, CustomStringConvertible {
    case setWeight(Int)
    /// nil = indefinite (`pause: {}`), else a duration such as `30s`.
    case pause(String?)

    public var json: JSON {
        switch self {
        case .setWeight(let weight): ["setWeight": .int(weight)]
        case .pause(nil): ["pause": .emptyObject]
        case .pause(let duration?): ["pause": ["duration": .string(duration)]]
        }
    }

    public var description: String {
        switch self {
        case .setWeight(let weight): String(weight)
        case .pause(nil): "pause"
        case .pause(let duration?): "pause:\(duration)"
        }
    }

    /// Parses a comma-separated list such as `20,pause,50,pause:30s,100`; the error names the bad item.
    public static func parseList(_ text: String) -> Result<[CanaryStepSpec], SeedStepError> {
        var steps: [CanaryStepSpec] = []
        for (offset, raw) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let item = raw.trimmingCharacters(in: .whitespaces)
            if let weight = Int(item) {
                guard (0...100).contains(weight) else { return .failure(SeedStepError(item: item, position: offset + 1, reason: "a weight must be 0 to 100")) }
                steps.append(.setWeight(weight))
            } else if item == "pause" {
                steps.append(.pause(nil))
            } else if item.hasPrefix("pause:") {
                let duration = String(item.dropFirst("pause:".count))
                guard (try? KubeDuration.parse(duration)) != nil else {
                    return .failure(SeedStepError(item: item, position: offset + 1, reason: "\"\(duration)\" is not a duration such as 30s"))
                }
                steps.append(.pause(duration))
            } else {
                return .failure(SeedStepError(item: item, position: offset + 1, reason: "expected a weight (0-100), pause or pause:DURATION"))
            }
        }
        return .success(steps)
    }
}

public struct SeedStepError: Error, Equatable, CustomStringConvertible {
    public let item: String
    public let position: Int
    public let reason: String
    public var description: String { "step \(position) \"\(item)\": \(reason)" }
}
