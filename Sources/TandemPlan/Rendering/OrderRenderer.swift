/// Text and JSON forms of a `ReleaseOrder`, as printed by `tandem plan order`.
public enum OrderRenderer {
    /// `{"plan":"…","coupling":"…","deployWaves":[[…]],"promoteWaves":[[…]]}`: this key order, no spaces.
    public static func json(plan: ReleasePlan, order: ReleaseOrder) -> String {
        func waves(_ waves: [[String]]) -> String {
            "[" + waves.map { "[" + $0.map(jsonString).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
        }
        return "{\"plan\":\(jsonString(plan.name)),\"coupling\":\(jsonString(order.coupling.rawValue)),"
            + "\"deployWaves\":\(waves(order.deployWaves)),\"promoteWaves\":\(waves(order.promoteWaves))}"
    }

    /// A human-readable listing, one wave per line.
    public static func text(plan: ReleasePlan, order: ReleaseOrder) -> String {
        var detail = order.coupling.rawValue
        switch order.coupling {
        case .lockstep: detail += ", pairing \(plan.pairing.rawValue)"
        case .independent: detail += ", \(order.order.rawValue)"
        }
        var lines = ["plan \(plan.name) (\(detail), \(plan.services.count) services, maxParallel \(plan.maxParallel))"]
        lines.append("deploy:")
        for (index, wave) in order.deployWaves.enumerated() {
            lines.append("  wave \(index + 1): " + wave.joined(separator: ", "))
        }
        lines.append(order.coupling == .lockstep ? "promote (reverse):" : "promote (each wave right after it is verified):")
        for (index, wave) in order.promoteWaves.enumerated() {
            lines.append("  wave \(index + 1): " + wave.joined(separator: ", "))
        }
        let checkpoints = plan.checkpoints.map { "\($0.name) after \($0.after)" }
        lines.append("checkpoints: " + (checkpoints.isEmpty ? "none" : checkpoints.joined(separator: "; ")))
        return lines.joined(separator: "\n")
    }

    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
