import TandemKubeModel

/// What a pod reported through the proxy, for one dependsOn key. Simulated pods answer
/// `{"version": own tag, "calls": {KEY: {"version": reached tag} | {"error": …}}}`; other shapes
/// are shown compactly.
struct PodAnswerSummary: Sendable, Hashable {
    var text: String
    /// The dependency version the pod says it reaches through that key, if it says.
    var reachedVersion: String?

    init?(_ answer: JSON?, edge: PairingEdge) {
        guard let answer else { return nil }
        if let error = answer["error"].stringValue {
            text = "error: \(error)"
            return
        }
        let own = answer["version"].stringValue ?? "?"
        let call = answer["calls"][edge.key]
        if let version = call["version"].stringValue {
            text = "\(own) → \(version)"
            reachedVersion = version
        } else if let error = call["error"].stringValue {
            text = "\(own) → error: \(error)"
        } else if answer["version"].stringValue != nil {
            text = own
        } else {
            text = String(answer.serializedString().prefix(60))
        }
    }
}
