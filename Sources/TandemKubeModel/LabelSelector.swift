/// A Kubernetes label selector: parsed from the string form used in `?labelSelector=`
/// (`a=b,c!=d,e in (x,y),f notin (z),g,!h`) or from a `matchLabels`/`matchExpressions` object.
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    public enum Requirement: Sendable, Hashable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, [String])
        case notIn(String, [String])
        case exists(String)
        case doesNotExist(String)
    }

    public var requirements: [Requirement]

    public init(requirements: [Requirement] = []) { self.requirements = requirements }

    public init(matchLabels: [String: String]) {
        requirements = matchLabels.keys.sorted().map { .equals($0, matchLabels[$0]!) }
    }

    public struct ParseError: Error, CustomStringConvertible { public let description: String }

    /// Parses the string form. An empty string selects everything.
    public init(parsing text: String) throws(ParseError) {
        var result: [Requirement] = []
        for part in LabelSelector.splitTopLevel(text) {
            let term = part.trimmingCharacters(in: .whitespaces)
            if term.isEmpty { continue }
            if let r = LabelSelector.parseSetTerm(term) {
                result.append(r)
            } else if let range = term.range(of: "!=") {
                result.append(.notEquals(LabelSelector.trim(term[..<range.lowerBound]), LabelSelector.trim(term[range.upperBound...])))
            } else if let range = term.range(of: "==") ?? term.range(of: "=") {
                result.append(.equals(LabelSelector.trim(term[..<range.lowerBound]), LabelSelector.trim(term[range.upperBound...])))
            } else if term.hasPrefix("!") {
                result.append(.doesNotExist(LabelSelector.trim(term.dropFirst())))
            } else if term.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) }) {
                result.append(.exists(term))
            } else {
                throw ParseError(description: "unable to parse requirement \"\(term)\"")
            }
        }
        requirements = result
    }

    /// From a LabelSelector object (`{"matchLabels":{…},"matchExpressions":[…]}`).
    public init(object: JSON) {
        var result = LabelSelector(matchLabels: object["matchLabels"].stringMap).requirements
        for expression in object["matchExpressions"].arrayValue ?? [] {
            let key = expression["key"].stringValue ?? ""
            let values = (expression["values"].arrayValue ?? []).compactMap(\.stringValue)
            switch expression["operator"].stringValue {
            case "In": result.append(.isIn(key, values))
            case "NotIn": result.append(.notIn(key, values))
            case "Exists": result.append(.exists(key))
            case "DoesNotExist": result.append(.doesNotExist(key))
            default: continue
            }
        }
        requirements = result
    }

    public var isEmpty: Bool { requirements.isEmpty }

    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            switch requirement {
            case .equals(let k, let v): return labels[k] == v
            case .notEquals(let k, let v): return labels[k] != v
            case .isIn(let k, let vs): return labels[k].map(vs.contains) ?? false
            case .notIn(let k, let vs): return !(labels[k].map(vs.contains) ?? false)
            case .exists(let k): return labels[k] != nil
            case .doesNotExist(let k): return labels[k] == nil
            }
        }
    }

    public var description: String {
        requirements.map { requirement in
            switch requirement {
            case .equals(let k, let v): return "\(k)=\(v)"
            case .notEquals(let k, let v): return "\(k)!=\(v)"
            case .isIn(let k, let vs): return "\(k) in (\(vs.joined(separator: ",")))"
            case .notIn(let k, let vs): return "\(k) notin (\(vs.joined(separator: ",")))"
            case .exists(let k): return k
            case .doesNotExist(let k): return "!\(k)"
            }
        }.joined(separator: ",")
    }

    private static func trim(_ s: Substring) -> String { s.trimmingCharacters(in: .whitespaces) }

    /// Splits on commas that are not inside parentheses.
    private static func splitTopLevel(_ text: String) -> [String] {
        var parts: [String] = [], current = "", depth = 0
        for c in text {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if c == ",", depth == 0 { parts.append(current); current = "" } else { current.append(c) }
        }
        parts.append(current)
        return parts
    }

    private static func parseSetTerm(_ term: String) -> Requirement? {
        for (op, notIn) in [(" notin ", true), (" in ", false)] {
            guard let range = term.range(of: op), term.hasSuffix(")"),
                  let open = term.range(of: "(", range: range.upperBound..<term.endIndex) else { continue }
            let key = trim(term[..<range.lowerBound])
            let values = term[open.upperBound..<term.index(before: term.endIndex)]
                .split(separator: ",").map { trim($0) }
            return notIn ? .notIn(key, values) : .isIn(key, values)
        }
        return nil
    }
}

import Foundation
