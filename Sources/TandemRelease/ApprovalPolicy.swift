/// Who may decide a checkpoint and how many distinct approvals it needs. A pure value; `evaluate` has no I/O.
public struct ApprovalPolicy: Codable, Sendable, Equatable {
    /// Distinct approvers needed (at least 1).
    public var requiredApprovals: Int
    /// Users and `group:<name>` entries; empty means anyone.
    public var approvers: [String]
    /// Whether the person who started the release may approve it.
    public var allowSelfApproval: Bool

    public init(requiredApprovals: Int = 1, approvers: [String] = [], allowSelfApproval: Bool = false) {
        self.requiredApprovals = max(1, requiredApprovals)
        self.approvers = approvers
        self.allowSelfApproval = allowSelfApproval
    }

    /// A decision to weigh: who and what.
    public struct Decision: Sendable, Equatable {
        public var by: String
        public var verdict: Verdict
        public init(by: String, verdict: Verdict) { self.by = by; self.verdict = verdict }
    }

    /// The checkpoint after an accepted decision.
    public struct Tally: Sendable, Equatable {
        /// `waiting`, `approved` or `rejected`.
        public var state: CheckpointState
        /// Distinct approvers so far, in order, including the new one.
        public var approvers: [String]
        public var required: Int
        public init(state: CheckpointState, approvers: [String], required: Int) {
            self.state = state
            self.approvers = approvers
            self.required = required
        }
    }

    /// Why a decision is not accepted.
    public enum Denial: Error, Sendable, Equatable {
        /// Not in `approvers` (directly or through a group).
        case notAnApprover(user: String, allowed: [String])
        /// The person who started the release, and the policy does not allow self-approval.
        case selfApproval(user: String)
        /// This person already approved; approvals count distinct people.
        case alreadyApproved(user: String, approvals: Int, required: Int)
        /// An empty name.
        case missingIdentity
    }

    /// The normalized identity: trimmed, case-insensitive.
    public static func identityKey(_ user: String) -> String {
        user.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Whether `user` is allowed by `approvers` (users and `group:` names resolved through `groups`).
    public func allows(_ user: String, groups: [String: [String]]) -> Bool {
        if approvers.isEmpty { return true }
        let key = Self.identityKey(user)
        for entry in approvers {
            if entry.hasPrefix("group:") {
                let members = groups[String(entry.dropFirst("group:".count))] ?? []
                if members.contains(where: { Self.identityKey($0) == key }) { return true }
            } else if Self.identityKey(entry) == key {
                return true
            }
        }
        return false
    }

    /// Weighs `decision` against the earlier decisions of the same checkpoint.
    /// Approvals need an allowed approver, not the starter (unless allowed), once per person; enough distinct
    /// approvals make it `approved`. A rejection by an allowed approver or by the starter makes it `rejected`.
    public func evaluate(
        _ decision: Decision, prior: [Decision], startedBy: String, groups: [String: [String]]
    ) -> Result<Tally, Denial> {
        let key = Self.identityKey(decision.by)
        guard !key.isEmpty else { return .failure(.missingIdentity) }
        var approved: [String] = []
        for earlier in prior where earlier.verdict == .approve {
            if !approved.contains(where: { Self.identityKey($0) == Self.identityKey(earlier.by) }) {
                approved.append(earlier.by)
            }
        }
        let isStarter = Self.identityKey(startedBy) == key
        switch decision.verdict {
        case .reject:
            guard isStarter || allows(decision.by, groups: groups) else {
                return .failure(.notAnApprover(user: decision.by, allowed: approvers))
            }
            return .success(Tally(state: .rejected, approvers: approved, required: requiredApprovals))
        case .approve:
            guard allows(decision.by, groups: groups) else {
                return .failure(.notAnApprover(user: decision.by, allowed: approvers))
            }
            if isStarter && !allowSelfApproval { return .failure(.selfApproval(user: decision.by)) }
            if approved.contains(where: { Self.identityKey($0) == key }) {
                return .failure(.alreadyApproved(user: decision.by, approvals: approved.count, required: requiredApprovals))
            }
            approved.append(decision.by)
            let state: CheckpointState = approved.count >= requiredApprovals ? .approved : .waiting
            return .success(Tally(state: state, approvers: approved, required: requiredApprovals))
        }
    }
}
