import Foundation
import TandemEngine
import TandemPlan

/// The body of `POST /api/releases`: `{"plan": "<plan YAML>", "planPath": "...", "version": "2.0", "set": {"svc": "tag"},
/// "environment": "production", "promotedFrom": "<release id>", "changes": ["CHG0030001"]}`.
public struct ReleaseSubmission: Codable, Sendable, Equatable {
    public var plan: String
    public var planPath: String?
    public var planCommit: String?
    public var version: String?
    public var set: [String: String]?
    /// The plan's environment (required when the plan lists environments).
    public var environment: String?
    /// The release whose versions this one carries (`release promote`); without version/set they are its versions.
    public var promotedFrom: String?
    /// ServiceNow change numbers for the servicenow gates.
    public var changes: [String]?

    public init(plan: String, planPath: String? = nil, planCommit: String? = nil, version: String? = nil, set: [String: String]? = nil,
                environment: String? = nil, promotedFrom: String? = nil, changes: [String]? = nil) {
        self.plan = plan
        self.planPath = planPath
        self.planCommit = planCommit
        self.version = version
        self.set = set
        self.environment = environment
        self.promotedFrom = promotedFrom
        self.changes = changes
    }

    /// The validated request, with the token's user as the starter; throws `SubmissionError`.
    public func request(startedBy: String, source: String) throws -> ReleaseRequest {
        let file = planPath ?? "submitted plan"
        let loaded: ReleasePlan
        do { loaded = try PlanLoader.load(text: plan, file: file) } catch {
            throw SubmissionError.invalidPlan(error.diagnostics.map(\.description))
        }
        let target: (plan: ReleasePlan, environment: Environment?)
        do { target = try EnvironmentSelection.resolve(loaded, environment: environment, option: "\"environment\"") } catch {
            throw SubmissionError.invalidPlan(["\(file): \(error)"])
        }
        // The same check as the CLI's --version and --set.
        let versions: [String: String]
        do {
            versions = try ReleaseVersions.resolve(plan: loaded, version: version,
                                                   overrides: (set ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        } catch .unknownServices(let unknown) {
            throw SubmissionError.invalidVersions(
                "\"set\" names \(unknown.joined(separator: ", ")), not a service of plan \(loaded.name) (\(loaded.services.map(\.name).joined(separator: ", ")))")
        } catch .invalidVersion(let problem) {
            throw SubmissionError.invalidVersions("\"version\": \(problem); \(ImageTag.rule)")
        } catch .invalidTag(let service, let problem) {
            throw SubmissionError.invalidVersions("\"set\" for \(service): \(problem); \(ImageTag.rule)")
        } catch .noVersions {
            throw SubmissionError.invalidVersions("no versions given: send \"version\" (every service) and/or \"set\": {\"svc\": \"tag\"}")
        }
        return ReleaseRequest(plan: target.plan, planContent: plan, planPath: planPath, planCommit: planCommit, versions: versions,
                              startedBy: startedBy, startedBySource: source, environment: target.environment?.name,
                              promotedFrom: promotedFrom, changes: changes ?? [])
    }
}

/// Why a submission was refused; each maps to an HTTP status.
public enum SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The plan does not load: every diagnostic (`FILE:LINE:COL: error: …` and its hint).
    case invalidPlan([String])
    case invalidVersions(String)
    /// Another release of the plan and namespace is active (exit 6 in the CLI).
    case lockHeld(holder: String, message: String)
    /// The server has no cluster access.
    case noCluster

    public var description: String {
        switch self {
        case .invalidPlan(let diagnostics): return "the plan is not valid:\n" + diagnostics.joined(separator: "\n")
        case .invalidVersions(let message): return message
        case .lockHeld(_, let message): return message
        case .noCluster: return "this server drives no releases: it was started without cluster access"
        }
    }
}
