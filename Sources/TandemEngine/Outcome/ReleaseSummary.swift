/// What a drive of a release came to, in the one set of words every reporter uses: the CLI
/// (`release start/resume/abort/rollback`), `--server` runs following the server, the server's log
/// and the webhook notifications. `headline` is the one line per outcome; `text(acting:)` adds what a
/// person can do next, which depends on where they act (this database, or a server).
public struct ReleaseSummary: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        /// `changed`: the services this release changed, by name, with their new versions.
        case succeeded(changed: [ServiceVersion])
        case waiting(WaitingCheckpoint)
        /// `states`: service → its Rollout's state after the rollback (known where the rollback ran).
        case rolledBack(reason: String, states: [String: String])
        /// `failures`: service → what went wrong in the rollback (known where the rollback ran).
        case failed(reason: String, failures: [String: String], states: [String: String])
    }

    public struct ServiceVersion: Sendable, Equatable {
        public var service: String
        public var version: String
        public init(service: String, version: String) { self.service = service; self.version = version }
    }

    public struct WaitingCheckpoint: Sendable, Equatable {
        public var name: String
        public var requiredApprovals: Int
        /// Allowed approvers (users and `group:` names); empty means anyone but the starter.
        public var approvers: [String]
        /// A `--wait --timeout` gave up while it waited.
        public var timedOut: Bool
        /// The checkpoint's gates: nil without gates, else what they answered last.
        public var gates: GateWait?
        /// Whether people must still approve (false when only gates hold it, or people already approved).
        public var needsPeople: Bool
        public init(name: String, requiredApprovals: Int, approvers: [String], timedOut: Bool,
                    gates: GateWait? = nil, needsPeople: Bool = true) {
            self.name = name; self.requiredApprovals = requiredApprovals; self.approvers = approvers; self.timedOut = timedOut
            self.gates = gates; self.needsPeople = needsPeople
        }
    }

    /// What a waiting checkpoint's gates answered last.
    public enum GateWait: Sendable, Equatable {
        case pass
        /// Not passing yet, with the reason (or "not asked yet").
        case waiting(String)
    }

    /// Where the person reading the summary acts on the release.
    public enum Acting: Sendable, Equatable {
        /// With the CLI on the state database that drove it.
        case locally
        /// Through the tandem server at this URL.
        case server(String)
    }

    public var releaseID: String
    public var outcome: Outcome

    public init(releaseID: String, outcome: Outcome) {
        self.releaseID = releaseID
        self.outcome = outcome
    }

    /// The release's state word, as the store and the API spell it.
    public var state: String {
        switch outcome {
        case .succeeded: "succeeded"
        case .waiting: "waiting"
        case .rolledBack: "rolled-back"
        case .failed: "failed"
        }
    }

    /// One line: for logs, webhooks and the first line of the CLI's summary.
    public var headline: String {
        let id = releaseID
        switch outcome {
        case .succeeded(let changed):
            let versions = changed.map { "\($0.service) \($0.version)" }.joined(separator: ", ")
            return "release \(id) succeeded: \(versions.isEmpty ? "nothing to change" : versions)"
        case .waiting(let checkpoint):
            let who = checkpoint.approvers.isEmpty ? "anyone but the starter" : checkpoint.approvers.joined(separator: ", ")
            var reasons: [String] = []
            switch checkpoint.gates {
            case .pass?: reasons.append("its gates pass")
            case .waiting(let why)?: reasons.append("waits for its gates: \(why)")
            case nil: break
            }
            if checkpoint.needsPeople { reasons.append("needs \(checkpoint.requiredApprovals) approval(s) from \(who)") }
            return "release \(id) \(checkpoint.timedOut ? "is still waiting (--timeout passed)" : "stopped") at checkpoint "
                + "\"\(checkpoint.name)\": \(reasons.joined(separator: "; "))."
        case .rolledBack(let reason, _):
            return "release \(id) rolled back: \(reason)"
        case .failed(let reason, _, _):
            return "release \(id) FAILED and the rollback is incomplete: \(reason)"
        }
    }

    /// The headline, what the rollback left per service, and what to do next.
    public func text(acting: Acting) -> String {
        let id = releaseID
        switch outcome {
        case .succeeded:
            return headline
        case .waiting(let checkpoint):
            let approve = approveCommand(acting: acting) ?? ""
            if !checkpoint.needsPeople {
                return switch acting {
                case .locally: headline + "\n  continue: tandem release resume \(id)"
                case .server(let server): headline + "\n  the server continues the release once its gates pass (follow: tandem release status \(id) --server \(server) --watch)"
                }
            }
            switch acting {
            case .locally:
                return headline + """

                      approve:  \(approve)
                      reject:   tandem reject \(id) --checkpoint \(checkpoint.name) --by <you> --reason "..."
                      continue: tandem release resume \(id)
                    """
            case .server(let server):
                return headline + """

                      approve:  \(approve)   (or the Approve button on \(server)/releases/\(id))
                      reject:   tandem reject \(id) --checkpoint \(checkpoint.name) --server \(server) --reason "..."
                      the server continues the release once it is approved (follow: tandem release status \(id) --server \(server) --watch)
                    """
            }
        case .rolledBack(_, let states):
            return headline + Self.lines(states)
        case .failed(_, let failures, let states):
            let look = switch acting {
            case .locally: "fix the services above (kubectl argo rollouts get rollout <name>), then run `tandem release abort \(id)`"
            case .server(let server): "`tandem release status \(id) --server \(server)` lists each step; then run `tandem release abort \(id)` with cluster access"
            }
            return headline + Self.lines(failures) + Self.lines(states) + "\nA person must look: \(look) to retry the rollback."
        }
    }

    /// The approve command of a waiting release, for where the person acts.
    public func approveCommand(acting: Acting) -> String? {
        guard case .waiting(let checkpoint) = outcome else { return nil }
        return switch acting {
        case .locally: "tandem approve \(releaseID) --checkpoint \(checkpoint.name) --by <you>"
        case .server(let server): "tandem approve \(releaseID) --checkpoint \(checkpoint.name) --server \(server)"
        }
    }

    /// The summary as flat fields (the CLI's `--json` summary object).
    public func fields(acting: Acting) -> [String: String] {
        var fields = ["release": releaseID, "state": state]
        switch outcome {
        case .succeeded: break
        case .waiting(let checkpoint):
            fields["checkpoint"] = checkpoint.name
            if checkpoint.needsPeople { fields["approveCommand"] = approveCommand(acting: acting) }
            if case .waiting(let why)? = checkpoint.gates { fields["gates"] = why }
            if case .server(let server) = acting { fields["server"] = server }
        case .rolledBack(let reason, _), .failed(let reason, _, _):
            fields["reason"] = reason
        }
        return fields
    }

    private static func lines(_ byService: [String: String]) -> String {
        byService.sorted { $0.key < $1.key }.map { "\n  \($0.key): \($0.value)" }.joined()
    }
}
