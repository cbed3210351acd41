import TandemPairing
import TandemPlan

/// `tandem plan steps`: the program a release would run and the ConfigMap value each consumer
/// would get, computed from the plan alone (no cluster). Every service is taken to be in the release.
/// A lockstep canary group's stages come from its Rollouts (`canary`, read by the command when it is
/// given a cluster).
public enum ProgramPreview {
    public static func render(plan: ReleasePlan, versions: [String: String], canary: CanaryGroup? = nil) -> String {
        let scope = Set(plan.services.map(\.name))
        let steps = ProgramBuilder.build(plan: plan, scope: scope, canary: canary)
        let pairing = PairingPlan(plan)
        var lines = ["Release program of plan \(plan.name) (\(plan.coupling.rawValue)\(plan.coupling == .lockstep ? ", pairing: \(plan.pairing.rawValue)" : ""), maxParallel \(plan.maxParallel)):"]
        for (ordinal, step) in steps.enumerated() {
            var line = String(format: "%3d  ", ordinal) + describe(step, versions: versions, plan: plan, canary: canary)
            if let checkpoint = step.checkpoint, let spec = plan.checkpoints.first(where: { $0.name == checkpoint }) {
                let who = spec.approvers.isEmpty ? "anyone" : spec.approvers.joined(separator: ", ")
                line += " — stop for \(spec.approvals) approval(s) from \(who)"
            }
            lines.append(line)
            if step.kind == .deploy, plan.coupling == .lockstep, let service = step.service {
                for edge in pairing.edges(from: service) {
                    lines.append("       \(edge.configMap)[\(edge.key)] = \(value(edge, pairing: pairing, plan: plan))")
                }
            }
            if step.kind == .repoint, let service = step.service {
                for edge in pairing.edges(from: service) {
                    lines.append("       \(edge.configMap)[\(edge.key)] = \(render(edge, host: "<activeService of \(edge.dependency)>", pairing: pairing))")
                }
            }
        }
        if canary == nil, plan.coupling == .lockstep, plan.checkpoints.contains(where: { if case .weight = $0.after { true } else { false } }) {
            lines.append("")
            lines.append("The plan stops at a canary weight: its group's canary steps come from the Rollouts; pass --kubeconfig, --context or --sim to read them.")
        }
        if plan.coupling == .lockstep, plan.pairing == .revision, !pairing.edges.isEmpty {
            lines.append("")
            lines.append("<hash> is the dependency's new pod-template hash (rollouts-pod-template-hash), known only once its deploy created the ReplicaSet; the pinned Service is named <service>-<hash>.")
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ step: ProgramStep, versions: [String: String], plan: ReleasePlan, canary: CanaryGroup? = nil) -> String {
        if step.kind == .canaryStep, let number = step.wave, let stage = canary?.stage(number) {
            return step.description + " — promote every member one step, wait until all pause at canary step \(stage.pauseIndex) (weight \(stage.weight))"
        }
        guard let name = step.service, let service = plan.service(named: name) else { return step.description }
        switch step.kind {
        case .deploy:
            return step.description + " → \(service.image):\(versions[name] ?? "<unchanged>") (Rollout \(service.effectiveNamespace(in: plan))/\(service.rollout))"
        case .verify where canary != nil:
            let check = service.verify.map { " + GET \($0.path) through the canaryService expects \($0.expectStatus)" } ?? ""
            return step.description + " — paused at the group's stage, Healthy, step analysis passed\(check), within \(service.deadlineSeconds ?? EngineOptions.defaultDeadlineSeconds)s"
        case .verify:
            let check = service.verify.map { " + GET \($0.path) through the preview Service expects \($0.expectStatus)" } ?? ""
            return step.description + " — preview available and paused, pre-promotion analysis passed\(check), within \(service.deadlineSeconds ?? EngineOptions.defaultDeadlineSeconds)s"
        case .pin:
            return step.description + " — create Service \(PinnedService.name(service: name, hash: "<hash>")) selecting the new revision"
        default:
            return step.description
        }
    }

    static func value(_ edge: PairingEdge, pairing: PairingPlan, plan: ReleasePlan) -> String {
        switch pairing.mode {
        case .revision:
            return render(edge, host: PinnedService.name(service: edge.dependency, hash: "<hash>"), pairing: pairing)
                + "   (pinned to \(edge.dependency)'s new revision)"
        case .preview:
            return render(edge, host: "<previewService of \(edge.dependency)>", pairing: pairing)
        }
    }

    static func render(_ edge: PairingEdge, host: String, pairing: PairingPlan) -> String {
        let consumer = pairing.service(edge.consumer)?.namespace ?? ""
        let namespace = pairing.service(edge.dependency)?.namespace ?? consumer
        return ValueTemplate(edge.valueTemplate).render(service: host, namespace: namespace, port: nil, consumerNamespace: consumer)
    }
}
