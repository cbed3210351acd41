import TandemKubeModel
import TandemStore

/// What a deploy is about to write, recorded on its `running` step before the Rollout write.
///
/// After `kill -9` between that write and the step's commit, the resumed deploy finds its own new
/// ReplicaSet already running the target image. Deciding afresh would take that for "this image ran
/// before" and stamp `tandem.dev/release` (see `FreshRevision`): a third revision. The resumed deploy
/// repeats the recorded decision instead, so its write is the same one and changes nothing.
struct DeployIntent: Sendable, Equatable {
    var image: String
    /// The stable revision before the release (what a rollback restores).
    var previousStable: String?
    /// Whether the write stamps `tandem.dev/release` (the image ran in an older ReplicaSet).
    var freshRevision: Bool

    static let key = "intent"

    /// The intent a crashed attempt of `step` recorded for the same image, if any.
    static func recorded(in step: StepRecord, image: String) -> DeployIntent? {
        guard let text = step.detail, let detail = try? JSON.parse(text), detail[key].objectValue != nil else { return nil }
        let intent = detail[key]
        guard intent["image"].stringValue == image, let fresh = intent["freshRevision"].boolValue else { return nil }
        return DeployIntent(image: image, previousStable: intent["previousStable"].stringValue, freshRevision: fresh)
    }

    /// The step detail that records it.
    var detail: JSON {
        var intent: JSON = ["image": .string(image), "freshRevision": .bool(freshRevision)]
        if let previousStable { intent["previousStable"] = .string(previousStable) }
        return [Self.key: intent]
    }
}
