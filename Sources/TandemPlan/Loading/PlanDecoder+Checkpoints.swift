import Yams

extension PlanDecoder {
    static let checkpointKeys = ["name", "after", "approvals", "approvers", "allowSelfApproval"]

    /// A checkpoint as far as it could be read; `nil` when not a mapping.
    mutating func decodeCheckpoint(_ node: Node, index: Int) -> Checkpoint? {
        let context = { (fields: NodeReader.Fields) -> String in
            fields["name"].flatMap(NodeReader.scalarString).map { "checkpoint \"\($0)\"" } ?? "checkpoint #\(index + 1)"
        }
        guard let fields = reader.fields(node, in: context, allowed: Self.checkpointKeys, required: ["name"],
                                         requiredHint: ["name": "add \"name: <checkpoint>\", a DNS-1123 label such as qa"])
        else { return nil }
        var checkpoint = Checkpoint(name: "", positions: fields.positions)
        checkpoint.name = fields["name"].flatMap { reader.string($0, for: "name") } ?? ""
        if let value = fields["after"], let text = reader.string(value, for: "after") {
            if let after = CheckpointPosition(text) {
                checkpoint.after = after
            } else {
                reader.report(.unknownCheckpointPosition, at: reader.position(value),
                              "unknown checkpoint position \"\(text)\" in \(context(fields))",
                              hint: "use deploy, deploy:<service>, promote:<service> or weight:<percent> (a canary weight, e.g. weight:50)")
            }
        }
        if let value = fields["approvals"] {
            checkpoint.approvals = reader.integer(value, for: "approvals") ?? checkpoint.approvals
        }
        if let value = fields["approvers"], let items = reader.list(value, for: "approvers") {
            checkpoint.approvers = items.compactMap { reader.string($0, for: "approvers") }
        }
        if let value = fields["allowSelfApproval"] {
            checkpoint.allowSelfApproval = reader.boolean(value, for: "allowSelfApproval") ?? false
        }
        return checkpoint
    }
}
