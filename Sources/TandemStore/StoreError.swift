import Foundation
import TandemRelease

/// Every error the store throws. Each message says what was wrong and what to do.
public enum StoreError: Error, Sendable, Equatable {
    case cannotCreateDirectory(String, reason: String)
    case unknownRelease(id: String, database: String)
    case unknownStep(id: Int64)
    case invalidStepTransition(releaseID: String, step: String, from: StepState, to: StepState)
    case invalidReleaseTransition(releaseID: String, from: ReleaseState, to: ReleaseState)
    /// A step change on a release that has finished.
    case releaseFinished(releaseID: String, state: ReleaseState, step: String)
    case invalidRelease(String)
    /// Another release holds the plan/namespace lock (CLI exit code 6).
    case lockHeld(key: String, holder: LockRecord)
    /// Renewing a lock this release no longer holds.
    case lockLost(key: String, releaseID: String, holder: LockRecord?)
    case unknownCheckpoint(releaseID: String, name: String, known: [String])
    /// The release is waiting at another checkpoint, or at none.
    case notAtCheckpoint(releaseID: String, requested: String?, waitingAt: String?, state: ReleaseState)
    case checkpointDecided(releaseID: String, name: String, state: CheckpointState, by: [String])
    case approvalDenied(releaseID: String, checkpoint: String, ApprovalPolicy.Denial, groups: [String: [String]])
    case planChanged(releaseID: String, releaseHash: String, givenHash: String)
    case noIdentity
    case invalidJSON(context: String)
    case unknownOutboxMessage(id: Int64)
}

extension StoreError: LocalizedError, CustomStringConvertible {
    public var errorDescription: String? { description }

    public var description: String {
        switch self {
        case let .cannotCreateDirectory(dir, reason):
            return "cannot create the state directory \(dir): \(reason); pass --db PATH or set TANDEM_DB to a writable location"
        case let .unknownRelease(id, database):
            let hint = ReleaseID.isWellFormed(id) ? "" : " (release ids look like r-20261122-010203-ab12)"
            return "no release \"\(id)\" in \(database)\(hint): run `tandem release list` to see the releases, or pass the --db that started it"
        case let .unknownStep(id):
            return "no step with id \(id): read the steps with `tandem release status <id>`"
        case let .invalidStepTransition(releaseID, step, from, to):
            return "step \(step) of release \(releaseID) is \(from.rawValue) and cannot become \(to.rawValue): this is a bug in the engine; run `tandem release status \(releaseID)` and report it"
        case let .invalidReleaseTransition(releaseID, from, to):
            return "release \(releaseID) is \(from.rawValue) and cannot become \(to.rawValue)" + (from.isTerminal
                ? ": it has finished; start a new release instead"
                : ": run `tandem release status \(releaseID)` to see where it is")
        case let .releaseFinished(releaseID, state, step):
            return "release \(releaseID) has finished (\(state.rawValue)); step \(step) cannot change: start a new release, or `tandem release rollback \(releaseID)`"
        case let .invalidRelease(reason):
            return "cannot record the release: \(reason)"
        case let .lockHeld(key, holder):
            return "\(holder.holderDescription) holds the lock for \(LockRecord.describe(key: key)) until \(Self.iso(holder.expiresAt)): wait for it to finish (`tandem release status \(holder.releaseID)`), or abort it with `tandem release abort \(holder.releaseID)`"
        case let .lockLost(key, releaseID, holder):
            let now = holder.map { "; \($0.holderDescription) holds it now" } ?? ""
            return "release \(releaseID) no longer holds the lock for \(LockRecord.describe(key: key))\(now): it expired because the lock was not renewed in time; stop this run and check `tandem release status \(releaseID)`"
        case let .unknownCheckpoint(releaseID, name, known):
            let list = known.isEmpty ? "it has no checkpoints" : "its checkpoints are " + known.map { "\"\($0)\"" }.joined(separator: ", ")
            return "release \(releaseID) has no checkpoint \"\(name)\"; \(list): pass --checkpoint with one of them"
        case let .notAtCheckpoint(releaseID, requested, waitingAt, state):
            if let waitingAt, let requested {
                return "release \(releaseID) is at checkpoint \"\(waitingAt)\", not \"\(requested)\": pass --checkpoint \(waitingAt)"
            }
            if state.isTerminal {
                return "release \(releaseID) has finished (\(state.rawValue)) and waits for no approval: nothing to do"
            }
            let which = requested.map { "checkpoint \"\($0)\" has not been reached yet" } ?? "it is not waiting at a checkpoint"
            return "release \(releaseID) is \(state.rawValue); \(which): decide when `tandem release status \(releaseID)` shows it waiting"
        case let .checkpointDecided(releaseID, name, state, by):
            let who = by.isEmpty ? "" : " by " + by.joined(separator: ", ")
            switch state {
            case .approved:
                return "checkpoint \"\(name)\" of release \(releaseID) is already approved\(who): nothing to do; the release continues when it is resumed (`tandem release resume \(releaseID)`, or the waiting run)"
            case .rejected:
                return "checkpoint \"\(name)\" of release \(releaseID) was already rejected\(who): start a new release to try again"
            default:
                return "checkpoint \"\(name)\" of release \(releaseID) no longer waits for approval: the release was aborted, failed or is rolling back (`tandem release status \(releaseID)`); nothing to decide"
            }
        case let .approvalDenied(releaseID, checkpoint, denial, groups):
            return Self.describe(denial, releaseID: releaseID, checkpoint: checkpoint, groups: groups)
        case let .planChanged(releaseID, releaseHash, givenHash):
            return "the decision is for plan \(givenHash.prefix(12)) but release \(releaseID) runs plan \(releaseHash.prefix(12)): a decision cannot approve a changed plan; review the plan of \(releaseID) (`tandem release status \(releaseID)`) or start a new release with the changed plan"
        case .noIdentity:
            return "who is deciding? pass --by USER or set TANDEM_USER"
        case let .invalidJSON(context):
            return "\(context) is not valid JSON: pass a JSON object or array"
        case let .unknownOutboxMessage(id):
            return "no notification with id \(id) in the outbox"
        }
    }

    private static func describe(_ denial: ApprovalPolicy.Denial, releaseID: String, checkpoint: String,
                                 groups: [String: [String]]) -> String {
        switch denial {
        case let .notAnApprover(user, allowed):
            let expanded = allowed.map { entry -> String in
                guard entry.hasPrefix("group:") else { return entry }
                let name = String(entry.dropFirst(6))
                guard let members = groups[name] else { return "\(entry) (unknown group)" }
                return "\(entry) (\(members.joined(separator: ", ")))"
            }
            return "\(user) may not decide checkpoint \"\(checkpoint)\" of release \(releaseID): the allowed approvers are \(expanded.joined(separator: ", ")); ask one of them"
        case let .selfApproval(user):
            return "\(user) started release \(releaseID) and may not approve it: ask another approver, or set allowSelfApproval: true on checkpoint \"\(checkpoint)\" in the plan"
        case let .alreadyApproved(user, approvals, required):
            return "\(user) already approved checkpoint \"\(checkpoint)\" of release \(releaseID) (\(approvals) of \(required) approvals): approvals count distinct people; ask another approver"
        case .missingIdentity:
            return "the approver's name is empty: pass --by USER or set TANDEM_USER"
        }
    }

    static func iso(_ date: Date) -> String { TandemJSON.format(date) }
}
