import TandemKubeModel

/// Where a Rollout asks for analysis (argo-rollouts rollout/controller.go
/// `getReferencedRolloutAnalyses`, field paths from validation `GetAnalysisTemplateWithTypeFieldPath`).
struct RolloutAnalysisReference {
    enum Slot: Equatable {
        case prePromotion, postPromotion, step(Int), background

        /// Where the Rollout's status records the current run of this slot.
        var statusPath: [String] {
            switch self {
            case .prePromotion: ["blueGreen", "prePromotionAnalysisRunStatus"]
            case .postPromotion: ["blueGreen", "postPromotionAnalysisRunStatus"]
            case .step: ["canary", "currentStepAnalysisRunStatus"]
            case .background: ["canary", "currentBackgroundAnalysisRunStatus"]
            }
        }

        /// The `rollout-type` label value (`RolloutType…Label`), also the Event's prefix.
        var typeLabel: String {
            switch self {
            case .prePromotion: "PrePromotion"
            case .postPromotion: "PostPromotion"
            case .step: "Step"
            case .background: "Background"
            }
        }

        /// The name infix of `newAnalysisRunFromRollout`: `pre`, `post`, the step index, none.
        var nameInfix: String? {
            switch self {
            case .prePromotion: "pre"
            case .postPromotion: "post"
            case .step(let index): String(index)
            case .background: nil
            }
        }
    }

    let slot: Slot
    /// The `RolloutAnalysis` block: `templates`, `args`, `dryRun`, `analysisRunMetadata`.
    let analysis: JSON
    let fieldPath: String

    struct TemplateRef: Hashable { let name: String; let clusterScope: Bool }

    var templateRefs: [TemplateRef] {
        (analysis["templates"].arrayValue ?? []).compactMap { ref in
            ref["templateName"].stringValue.map { TemplateRef(name: $0, clusterScope: ref["clusterScope"].boolValue == true) }
        }
    }

    static func all(in rollout: JSON) -> [RolloutAnalysisReference] {
        let strategy = rollout[path: ["spec", "strategy"]]
        var references: [RolloutAnalysisReference] = []
        if !strategy["blueGreen"].isNull {
            let bg = strategy["blueGreen"]
            if !bg["prePromotionAnalysis"].isNull {
                references.append(.init(slot: .prePromotion, analysis: bg["prePromotionAnalysis"],
                                        fieldPath: "spec.strategy.blueGreen.prePromotionAnalysis.templates"))
            }
            if !bg["postPromotionAnalysis"].isNull {
                references.append(.init(slot: .postPromotion, analysis: bg["postPromotionAnalysis"],
                                        fieldPath: "spec.strategy.blueGreen.postPromotionAnalysis.templates"))
            }
        } else if !strategy["canary"].isNull {
            for (index, step) in (strategy["canary"]["steps"].arrayValue ?? []).enumerated() where !step["analysis"].isNull {
                references.append(.init(slot: .step(index), analysis: step["analysis"],
                                        fieldPath: "spec.strategy.canary.steps[\(index)].analysis.templates"))
            }
            if !strategy["canary"]["analysis"].isNull {
                references.append(.init(slot: .background, analysis: strategy["canary"]["analysis"],
                                        fieldPath: "spec.strategy.canary.analysis.templates"))
            }
        }
        return references
    }
}
