import Foundation
import TandemKubeModel

/// Builds the AnalysisRun a Rollout starts (argo-rollouts rollout/analysis.go
/// `newAnalysisRunFromRollout`, utils/analysis/factory.go and helpers.go `NewAnalysisRunFromTemplates`):
/// the templates' metrics flattened, their args merged with the Rollout's (`value`,
/// `valueFrom.podTemplateHashValue: Stable|Latest`, `valueFrom.fieldRef.fieldPath: metadata.…`),
/// named `<rollout>-<hash>-<revision>[-<infix>]`, labelled and owned by the Rollout.
enum AnalysisRunFactory {
    static func make(_ reference: RolloutAnalysisReference, snapshot: RolloutSnapshot, newHash: String,
                     stableHash: String) -> JSON {
        let templates = reference.templateRefs.compactMap { snapshot.analysisTemplates[$0] }
        let revision = snapshot.rollout.annotations[ArgoKeys.revision] ?? ""
        let name = ([snapshot.name, newHash, revision] + [reference.slot.nameInfix].compactMap { $0 }).joined(separator: "-")
        var labels: [String: String] = [ArgoKeys.hashLabel: newHash, "rollout-type": reference.slot.typeLabel]
        if case .step(let index) = reference.slot { labels["step-index"] = String(index) }
        for (key, value) in reference.analysis[path: ["analysisRunMetadata", "labels"]].stringMap { labels[key] = value }
        for (key, value) in snapshot.spec[path: ["selector", "matchLabels"]].stringMap { labels[key] = value }
        var annotations = [ArgoKeys.revision: revision]
        for (key, value) in reference.analysis[path: ["analysisRunMetadata", "annotations"]].stringMap { annotations[key] = value }
        let rolloutArgs = resolvedRolloutArgs(reference.analysis["args"], snapshot: snapshot, newHash: newHash, stableHash: stableHash)
        var spec: JSON = ["metrics": .array(templates.flatMap { $0[path: ["spec", "metrics"]].arrayValue ?? [] }),
                          "args": .array(mergedArgs(templates: templates, rolloutArgs: rolloutArgs))]
        if let dryRun = reference.analysis["dryRun"].arrayValue ?? mergedList(templates, "dryRun") { spec["dryRun"] = .array(dryRun) }
        if let retention = reference.analysis["measurementRetention"].arrayValue ?? mergedList(templates, "measurementRetention") {
            spec["measurementRetention"] = .array(retention)
        }
        return [
            "apiVersion": "argoproj.io/v1alpha1", "kind": "AnalysisRun",
            "metadata": [
                "name": .string(name), "namespace": .string(snapshot.namespace), "labels": JSON(labels),
                "annotations": JSON(annotations),
                "ownerReferences": [[
                    "apiVersion": "argoproj.io/v1alpha1", "kind": "Rollout", "name": .string(snapshot.name),
                    "uid": .string(snapshot.rollout.uid ?? ""), "controller": true, "blockOwnerDeletion": true,
                ]],
            ],
            "spec": spec,
        ]
    }

    /// The first template arg left without a value once the Rollout's args are applied (`MergeArgs`).
    static func unresolvedArg(templates: [JSON], rolloutArgs: JSON) -> String? {
        let given = Set((rolloutArgs.arrayValue ?? []).filter { !$0["value"].isNull || !$0["valueFrom"].isNull }
            .compactMap { $0["name"].stringValue })
        for template in templates {
            for arg in template[path: ["spec", "args"]].arrayValue ?? [] {
                guard let name = arg["name"].stringValue else { continue }
                if arg["value"].isNull, arg["valueFrom"].isNull, !given.contains(name) { return name }
            }
        }
        return nil
    }

    /// `BuildArgumentsForRolloutAnalysisRun`.
    private static func resolvedRolloutArgs(_ args: JSON, snapshot: RolloutSnapshot, newHash: String, stableHash: String) -> [JSON] {
        (args.arrayValue ?? []).map { arg in
            var value = arg["value"]
            let from = arg["valueFrom"]
            if let hashFrom = from["podTemplateHashValue"].stringValue {
                value = .string(hashFrom == "Stable" ? stableHash : newHash)
            } else if let path = from[path: ["fieldRef", "fieldPath"]].stringValue {
                value = fieldValue(path, of: snapshot.rollout).map(JSON.string) ?? ""
            }
            return ["name": arg["name"], "value": value]
        }
    }

    /// `metadata.name`, `metadata.namespace`, `metadata.uid`, `metadata.labels['k']`,
    /// `metadata.annotations['k']`, or a dotted path into the Rollout (`spec.template…`).
    private static func fieldValue(_ path: String, of rollout: JSON) -> String? {
        for (prefix, map) in [("metadata.labels['", rollout.labels), ("metadata.annotations['", rollout.annotations)]
        where path.hasPrefix(prefix) && path.hasSuffix("']") {
            return map[String(path.dropFirst(prefix.count).dropLast(2))]
        }
        let value = rollout[path: path.split(separator: ".").map(String.init)]
        return value.stringValue ?? (value.isNull ? nil : value.serializedString())
    }

    /// Template args (with their defaults) overridden by the Rollout's (`MergeArgs`); Rollout args
    /// no template declares are dropped, as Argo drops them.
    private static func mergedArgs(templates: [JSON], rolloutArgs: [JSON]) -> [JSON] {
        var merged: [JSON] = []
        for template in templates {
            for arg in template[path: ["spec", "args"]].arrayValue ?? [] where !merged.contains(where: { $0["name"] == arg["name"] }) {
                merged.append(arg)
            }
        }
        for arg in rolloutArgs {
            guard let index = merged.firstIndex(where: { $0["name"] == arg["name"] }) else { continue }
            if !arg["value"].isNull {
                merged[index]["value"] = arg["value"]
                merged[index].deleteMember(["valueFrom"])
            }
        }
        return merged
    }

    private static func mergedList(_ templates: [JSON], _ key: String) -> [JSON]? {
        let items = templates.flatMap { $0[path: ["spec", key]].arrayValue ?? [] }
        return items.isEmpty ? nil : items
    }
}
