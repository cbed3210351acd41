import TandemEngine
import TandemStore

/// What `release start/resume/promote` prints when the release stops at a checkpoint (exit 3): who must
/// approve, what its gates wait for (the last answer recorded), and the commands that continue it.
struct CheckpointWaitMessage {
    var text: String
    var fields: [String: String]

    static func make(context: ReleaseContext, checkpoint: String, timedOut: Bool) async throws -> CheckpointWaitMessage {
        let id = context.releaseID
        let record = try await context.store.checkpoints(of: id).first { $0.name == checkpoint }
        let planned = context.plan.checkpoints.first { $0.name == checkpoint }
        let gated = !(planned?.gates.isEmpty ?? true)
        let needsPeople = (planned?.needsPeople ?? true) && record?.state != .approved
        let approve = "tandem approve \(id) --checkpoint \(checkpoint) --by <you>"
        var fields = ["release": id, "state": "waiting", "checkpoint": checkpoint]
        var reasons: [String] = []
        if gated {
            let answer = try await context.store.latestGateAnswer(id, checkpoint: checkpoint)
            if answer?.state == .pass {
                reasons.append("its gates pass")
            } else {
                let why = answer?.reason ?? "not asked yet"
                reasons.append("waits for its gates: \(why)")
                fields["gates"] = why
            }
        }
        if needsPeople {
            let policy = record?.policy
            let who = policy.map { $0.approvers.isEmpty ? "anyone but the starter" : $0.approvers.joined(separator: ", ") } ?? "anyone"
            reasons.append("needs \(policy?.requiredApprovals ?? 1) approval(s) from \(who)")
            fields["approveCommand"] = approve
        }
        var text = "release \(id) \(timedOut ? "is still waiting (--timeout passed)" : "stopped") at checkpoint \"\(checkpoint)\": "
            + reasons.joined(separator: "; ") + "."
        if needsPeople {
            text += "\n  approve:  \(approve)"
            text += "\n  reject:   tandem reject \(id) --checkpoint \(checkpoint) --by <you> --reason \"...\""
        }
        text += "\n  continue: tandem release resume \(id)"
        return CheckpointWaitMessage(text: text, fields: fields)
    }
}
