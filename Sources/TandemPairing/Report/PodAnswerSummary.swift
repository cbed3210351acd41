import TandemKubeModel

/// A short text for what a pod reported through the Service proxy. Simulated pods answer a
/// JSON document with their own version and, per configuration key, what the address they
/// read reaches; unknown shapes are shown compactly.
enum PodAnswerSummary {
    static func summary(_ answer: JSON?, edge: PairingEdge) -> String? {
        guard let answer else { return nil }
        if let error = answer["error"].stringValue { return "error: \(error)" }
        let own = answer["version"].stringValue
        for container in ["dependencies", "calls", "upstreams"] {
            let entry = answer[container][edge.key].isNull ? answer[container][edge.dependency] : answer[container][edge.key]
            if !entry.isNull {
                let reached = entry["version"].stringValue ?? entry.stringValue ?? entry.serializedString()
                return "\(own ?? "?") → \(reached)"
            }
        }
        return own ?? String(answer.serializedString().prefix(60))
    }
}
