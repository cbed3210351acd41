/// Checks that relate values to each other or to Kubernetes rules: names, references,
/// duplicates, cycles, ConfigMap keys, templates, checkpoints. Works on plans built in code
/// too (their positions are `.unknown`). Never stops at the first problem.
public struct PlanValidator {
    let file: String
    var diagnostics: [PlanDiagnostic] = []
    /// How many more "did you mean" suggestions for unknown services may be computed.
    var suggestionsLeft = 50

    /// Every problem in `plan`, in no particular order.
    public static func validate(_ plan: ReleasePlan, file: String = "<plan>") -> [PlanDiagnostic] {
        var validator = PlanValidator(file: file)
        validator.checkPlan(plan)
        validator.checkServices(plan)
        validator.checkCycles(plan)
        validator.checkCheckpoints(plan.checkpoints, services: plan.services)
        validator.checkEnvironments(plan)
        validator.checkGitOps(plan)
        return validator.diagnostics
    }

    init(file: String) {
        self.file = file
    }

    mutating func report(_ kind: PlanDiagnostic.Kind, at position: SourcePosition, _ message: String, hint: String? = nil) {
        diagnostics.append(PlanDiagnostic(file: file, position: position, kind: kind, message: message, hint: hint))
    }

    /// Reports `value` unless it is a DNS-1123 label (empty values were reported while decoding).
    mutating func requireLabel(_ value: String, what: String, at position: SourcePosition) {
        guard !value.isEmpty || position == .unknown, !NameRules.isDNSLabel(value) else { return }
        report(.invalidName, at: position, "\(what) \"\(value)\" is not a DNS-1123 label",
               hint: "use 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit")
    }

    private mutating func checkPlan(_ plan: ReleasePlan) {
        let positions = plan.positions
        requireLabel(plan.name, what: "plan name", at: positions["name"])
        if plan.namespace != "default" || positions.position(of: "namespace") != nil {
            requireLabel(plan.namespace, what: "namespace", at: positions["namespace"])
        }
        if plan.maxParallel < 1 {
            report(.invalidValue, at: positions["maxParallel"], "maxParallel must be at least 1, got \(plan.maxParallel)",
                   hint: "use 1 to roll one service at a time; the default is 4")
        }
    }

    private mutating func checkCycles(_ plan: ReleasePlan) {
        let graph = DependencyGraph(plan: plan)
        var serviceIndex: [String: Int] = [:]
        for (index, service) in plan.services.enumerated() where serviceIndex[service.name] == nil {
            serviceIndex[service.name] = index
        }
        for cycle in graph.cycles() {
            let names = cycle.map { graph.names[$0] }
            let first = plan.services[serviceIndex[names[0]]!]
            let edge = first.dependsOn.first { $0.service == names[1 % names.count] }
            report(.dependencyCycle, at: edge?.positions["service"] ?? first.positions.start,
                   "dependency cycle: " + (names + [names[0]]).joined(separator: " → "),
                   hint: "remove one of these dependsOn entries; tandem needs an order in which every dependency comes first")
        }
    }

    mutating func checkCheckpoints(_ checkpoints: [Checkpoint], services serviceSpecs: [ServiceSpec]) {
        let services = Set(serviceSpecs.map(\.name))
        var seen: [String: SourcePosition] = [:]
        for checkpoint in checkpoints {
            let positions = checkpoint.positions
            requireLabel(checkpoint.name, what: "checkpoint name", at: positions["name"])
            if !checkpoint.name.isEmpty {
                if let first = seen[checkpoint.name] {
                    report(.duplicateCheckpoint, at: positions["name"],
                           "duplicate checkpoint name \"\(checkpoint.name)\" (first defined at \(first))",
                           hint: "give each checkpoint its own name; approvals refer to checkpoints by name")
                } else {
                    seen[checkpoint.name] = positions["name"]
                }
            }
            if let service = checkpoint.after.service, !services.contains(service) {
                suggestionsLeft -= 1
                let suggestion = suggestionsLeft >= 0 ? KeySuggester.suggestion(for: service, among: serviceSpecs.map(\.name)) : nil
                report(.unknownCheckpointService, at: positions["after"],
                       "checkpoint \"\(checkpoint.name)\" is after unknown service \"\(service)\"",
                       hint: suggestion.map { "did you mean \"\($0)\"?" } ?? "name a service listed in spec.services")
            }
            if case .weight(let weight) = checkpoint.after, !(1...100).contains(weight) {
                report(.invalidValue, at: positions["after"],
                       "checkpoint \"\(checkpoint.name)\" is after weight:\(weight); a canary weight is a percentage from 1 to 100",
                       hint: "use the setWeight of one of the Rollouts' pause steps, e.g. weight:50")
            }
            if checkpoint.approvals < 1 {
                report(.invalidApprovals, at: positions["approvals"],
                       "checkpoint \"\(checkpoint.name)\" needs approvals of at least 1, got \(checkpoint.approvals)",
                       hint: "use approvals: 1 for a single approver, or remove the checkpoint to release without stopping")
            } else if checkpoint.approvals > Checkpoint.maxApprovals {
                report(.invalidApprovals, at: positions["approvals"],
                       "checkpoint \"\(checkpoint.name)\" needs \(checkpoint.approvals) approvals; at most \(Checkpoint.maxApprovals) are supported",
                       hint: "ask for the number of distinct people who must sign off, usually 1 or 2")
            } else if !checkpoint.approvers.isEmpty, !checkpoint.approvers.contains(where: { $0.hasPrefix("group:") }),
                      Set(checkpoint.approvers).count < checkpoint.approvals {
                report(.invalidApprovals, at: positions["approvals"],
                       "checkpoint \"\(checkpoint.name)\" needs \(checkpoint.approvals) approvals but lists only \(Set(checkpoint.approvers).count) approvers",
                       hint: "lower approvals, or add approvers (a group:<name> entry lets any member approve)")
            }
            for approver in checkpoint.approvers where !NameRules.isApprover(approver) {
                report(.invalidValue, at: positions["approvers"], "invalid approver \"\(approver)\" in checkpoint \"\(checkpoint.name)\"",
                       hint: "write a user name such as alice, or group:<name>")
            }
        }
    }
}
