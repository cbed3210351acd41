import TandemKubeModel

/// The checks that make a Rollout `InvalidSpec` (reference §1, §2.1, §3.4). Returns the
/// condition message `The Rollout "<name>" is invalid: <field error>`, or nil when valid.
enum RolloutValidator {
    static func validate(_ snapshot: RolloutSnapshot) -> String? {
        guard let error = fieldError(snapshot) else { return nil }
        return "The Rollout \"\(snapshot.name)\" is invalid: \(error)"
    }

    private static func fieldError(_ s: RolloutSnapshot) -> String? {
        let strategy = s.spec["strategy"]
        let hasBlueGreen = !strategy["blueGreen"].isNull, hasCanary = !strategy["canary"].isNull
        if hasBlueGreen && hasCanary {
            return "spec.strategy: Invalid value: \"blueGreen, canary\": Multiple Strategies can not be listed"
        }
        if !hasBlueGreen && !hasCanary {
            return "spec.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"
        }
        let selector = LabelSelector(object: s.spec["selector"])
        if selector.isEmpty {
            return "spec.selector: Invalid value: \"null\": This rollout has an empty selector"
        }
        let templateLabels = s.spec[path: ["template", "metadata", "labels"]].stringMap
        if !selector.matches(templateLabels) {
            return "spec.selector: Invalid value: \"\(selector)\": `selector` does not match template `labels`"
        }
        if hasBlueGreen {
            let bg = strategy["blueGreen"]
            let active = bg["activeService"].stringValue ?? ""
            let preview = bg["previewService"].stringValue ?? ""
            let path = "spec.strategy.blueGreen"
            if active.isEmpty { return "\(path).activeService: Required value: activeService must be set" }
            if active == preview {
                return "\(path).activeService: Invalid value: \"\(active)\": This rollout uses the same service for the active and preview services, but two different services are required."
            }
            if let error = serviceError(s, active, "\(path).activeService", templateLabels) { return error }
            if !preview.isEmpty, let error = serviceError(s, preview, "\(path).previewService", templateLabels) { return error }
        } else {
            let c = strategy["canary"]
            let canary = c["canaryService"].stringValue ?? "", stable = c["stableService"].stringValue ?? ""
            let path = "spec.strategy.canary"
            if !canary.isEmpty, canary == stable {
                return "\(path).stableService: Invalid value: \"\(stable)\": This rollout uses the same service for the stable and canary services, but two different services are required."
            }
            if !canary.isEmpty, let error = serviceError(s, canary, "\(path).canaryService", templateLabels) { return error }
            if !stable.isEmpty, let error = serviceError(s, stable, "\(path).stableService", templateLabels) { return error }
        }
        return analysisError(s)
    }

    /// `getReferencedAnalysisTemplatesFromRef` and `ValidateAnalysisTemplatesWithType`: every
    /// referenced template exists, and their args resolve with the Rollout's args.
    private static func analysisError(_ s: RolloutSnapshot) -> String? {
        for reference in RolloutAnalysisReference.all(in: s.rollout) {
            var templates: [JSON] = []
            for ref in reference.templateRefs {
                guard let template = s.analysisTemplates[ref] else {
                    let kind = ref.clusterScope ? "ClusterAnalysisTemplate" : "AnalysisTemplate"
                    return "\(reference.fieldPath): Invalid value: \"\(ref.name)\": \(kind) '\(ref.name)' not found"
                }
                templates.append(template)
            }
            if let unresolved = AnalysisRunFactory.unresolvedArg(templates: templates, rolloutArgs: reference.analysis["args"]) {
                let names = reference.templateRefs.map(\.name).joined(separator: " ")
                return "\(reference.fieldPath): Invalid value: \"templateNames: [\(names)]\": args.\(unresolved) was not resolved"
            }
        }
        return nil
    }

    private static func serviceError(_ s: RolloutSnapshot, _ name: String, _ path: String,
                                     _ templateLabels: [String: String]) -> String? {
        guard let service = s.services[name] else {
            return "\(path): Invalid value: \"\(name)\": services \"\(name)\" not found"
        }
        if let owner = service.annotations[ArgoKeys.managedBy], owner != s.name {
            return "\(path): Invalid value: \"\(name)\": Service \"\(name)\" is managed by another Rollout"
        }
        let selector = service[path: ["spec", "selector"]].stringMap
        for key in selector.keys.sorted() where key != ArgoKeys.hashLabel && templateLabels[key] != selector[key] {
            return "\(path): Invalid value: \"\(name)\": Service \"\(name)\" has unmatch label \"\(key)\" in rollout"
        }
        return nil
    }
}
