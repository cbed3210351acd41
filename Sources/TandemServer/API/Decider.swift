import Foundation
import TandemStore
import TandemRelease

/// Records an approval or rejection for a caller, with the same policy as the CLI: the identity is the
/// token's user, groups come from the users file, and the decision is bound to a plan hash (the one the
/// request carries, else the release's recorded hash).
struct Decider: Sendable {
    let env: ServerEnvironment

    func decide(_ verdict: Verdict, releaseID: String, checkpoint: String, caller: Caller, text: String?,
                planHash: String?) async throws -> DecisionOutcome {
        let groups = try env.users().groupMap
        let hash: String
        if let planHash, !planHash.isEmpty { hash = planHash } else { hash = try await env.store.release(releaseID).planHash }
        let note = text.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        switch verdict {
        case .approve:
            return try await env.store.recordApproval(releaseID: releaseID, checkpoint: checkpoint, by: caller.user.name,
                                                      source: caller.source, comment: note, planHash: hash, groups: groups)
        case .reject:
            return try await env.store.recordRejection(releaseID: releaseID, checkpoint: checkpoint, by: caller.user.name,
                                                       source: caller.source, reason: note ?? "rejected in tandem serve",
                                                       planHash: hash, groups: groups)
        }
    }
}
