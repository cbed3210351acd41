import Foundation

extension PlanValidator {
    /// Environment names, `requires` references and their cycles, each environment's checkpoints and
    /// every gate's URL (every checkpoint of the plan, too, may carry gates).
    mutating func checkEnvironments(_ plan: ReleasePlan) {
        for checkpoint in plan.checkpoints { checkGates(checkpoint) }
        guard !plan.environments.isEmpty else { return }
        var seen: [String: SourcePosition] = [:]
        let names = plan.environments.map(\.name)
        for environment in plan.environments {
            let positions = environment.positions
            requireLabel(environment.name, what: "environment name", at: positions["name"])
            if let first = seen[environment.name], !environment.name.isEmpty {
                report(.duplicateEnvironment, at: positions["name"],
                       "duplicate environment name \"\(environment.name)\" (first defined at \(first))",
                       hint: "give each environment its own name; releases and promotions refer to environments by name")
            } else {
                seen[environment.name] = positions["name"]
            }
            if let namespace = environment.namespace { requireLabel(namespace, what: "namespace", at: positions["namespace"]) }
            if let required = environment.requires {
                if required == environment.name {
                    report(.environmentCycle, at: positions["requires"], "environment \"\(environment.name)\" requires itself",
                           hint: "require an earlier environment, e.g. requires: staging")
                } else if !names.contains(required) {
                    report(.unknownEnvironment, at: positions["requires"],
                           "environment \"\(environment.name)\" requires unknown environment \"\(required)\"",
                           hint: KeySuggester.suggestion(for: required, among: names).map { "did you mean \"\($0)\"?" }
                               ?? "name one of: \(names.joined(separator: ", "))")
                }
            }
            for approver in environment.approvers ?? [] where !NameRules.isApprover(approver) {
                report(.invalidValue, at: positions["approvers"], "invalid approver \"\(approver)\" in environment \"\(environment.name)\"",
                       hint: "write a user name such as alice, or group:<name>")
            }
            if let checkpoints = environment.checkpoints {
                checkCheckpoints(checkpoints, services: plan.services)
                for checkpoint in checkpoints { checkGates(checkpoint) }
            }
        }
        checkEnvironmentCycles(plan.environments)
    }

    /// A chain of `requires` that comes back to where it started (self-references are reported above).
    private mutating func checkEnvironmentCycles(_ environments: [Environment]) {
        let requires = Dictionary(environments.compactMap { env in env.requires.map { (env.name, $0) } },
                                  uniquingKeysWith: { first, _ in first })
        var reported = Set<String>()
        for environment in environments where !reported.contains(environment.name) {
            var chain = [environment.name]
            var current = environment.name
            while let next = requires[current], next != current {
                if next == environment.name {
                    reported.formUnion(chain)
                    report(.environmentCycle, at: environment.positions["requires"],
                           "environments require each other in a cycle: " + (chain + [next]).joined(separator: " → "),
                           hint: "remove one of these requires; environments are promoted in one direction, e.g. staging → production → dr")
                    break
                }
                if chain.contains(next) { break }
                chain.append(next)
                current = next
            }
        }
    }

    private mutating func checkGates(_ checkpoint: Checkpoint) {
        for gate in checkpoint.gates {
            let (url, positions): (String, FieldPositions) = switch gate {
            case .servicenow(let g): (g.url, g.positions)
            case .http(let g): (g.url, g.positions)
            }
            guard !url.isEmpty else { continue }
            if !Self.isHTTPURL(url) {
                report(.invalidURL, at: positions["url"],
                       "\(gate.kind) gate of checkpoint \"\(checkpoint.name)\" has an invalid url \"\(url)\"",
                       hint: "write an absolute http:// or https:// URL with a host, e.g. https://acme.service-now.com")
            }
            if case .servicenow(let g) = gate, g.field.isEmpty || g.field.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }) {
                report(.invalidValue, at: positions["field"], "servicenow gate field \"\(g.field)\" is not a Table API field name",
                       hint: "use a column name such as description or u_versions")
            }
        }
    }

    /// An absolute http(s) URL with a host and no credentials in it (those come from the environment).
    static func isHTTPURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
              components.user == nil, components.password == nil else { return false }
        return true
    }
}
