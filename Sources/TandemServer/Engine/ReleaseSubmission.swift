import Foundation
import TandemEngine
import TandemPlan

/// The body of `POST /api/releases`: `{"plan": "<plan YAML>", "planPath": "...", "version": "2.0", "set": {"svc": "tag"},
/// "environment": "production", "promotedFrom": "<release id>", "changes": ["CHG0030001"], "allowArgoCDManaged": false}`.
/// With `promotedFrom`, `plan` may be left out: the plan stored with that release is used (`tandem release promote --server`).
public struct ReleaseSubmission: Codable, Sendable, Equatable {
    /// The plan's YAML text; empty until `PromotionSubmission` fills it from the promoted release.
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
    /// Direct mode: release even when Argo CD manages the plan's Rollouts (the CLI's `--allow-argocd-managed`).
    public var allowArgoCDManaged: Bool?

    public init(plan: String, planPath: String? = nil, planCommit: String? = nil, version: String? = nil, set: [String: String]? = nil,
                environment: String? = nil, promotedFrom: String? = nil, changes: [String]? = nil, allowArgoCDManaged: Bool? = nil) {
        self.plan = plan
        self.planPath = planPath
        self.planCommit = planCommit
        self.version = version
        self.set = set
        self.environment = environment
        self.promotedFrom = promotedFrom
        self.changes = changes
        self.allowArgoCDManaged = allowArgoCDManaged
    }

    private enum CodingKeys: String, CodingKey {
        case plan, planPath, planCommit, version, set, environment, promotedFrom, changes, allowArgoCDManaged
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        promotedFrom = try container.decodeIfPresent(String.self, forKey: .promotedFrom)
        // Only a promotion may leave the plan out.
        plan = promotedFrom == nil ? try container.decode(String.self, forKey: .plan)
            : try container.decodeIfPresent(String.self, forKey: .plan) ?? ""
        planPath = try container.decodeIfPresent(String.self, forKey: .planPath)
        planCommit = try container.decodeIfPresent(String.self, forKey: .planCommit)
        version = try container.decodeIfPresent(String.self, forKey: .version)
        set = try container.decodeIfPresent([String: String].self, forKey: .set)
        environment = try container.decodeIfPresent(String.self, forKey: .environment)
        changes = try container.decodeIfPresent([String].self, forKey: .changes)
        allowArgoCDManaged = try container.decodeIfPresent(Bool.self, forKey: .allowArgoCDManaged)
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
        // The server finds a GitOps plan's work tree from the plan file, on its own file system.
        if target.plan.gitops != nil, !(planPath ?? "").hasPrefix("/") {
            throw SubmissionError.invalidPlan([
                "\(file): a GitOps plan (spec.gitops) needs \"planPath\": the absolute path of the plan file in the git work tree "
                + "the server commits to (`tandem release start --server` sends it)"])
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
        var request = ReleaseRequest(plan: target.plan, planContent: plan, planPath: planPath, planCommit: planCommit, versions: versions,
                                     startedBy: startedBy, startedBySource: source, environment: target.environment?.name,
                                     promotedFrom: promotedFrom, changes: changes ?? [])
        request.allowArgoCDManaged = allowArgoCDManaged ?? false
        return request
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
    /// The environment names a kubeconfig context other than the one the server drives.
    case otherCluster(String)
    /// The GitOps preflight found problems (422 when the plan or the manifests must change, else 424).
    case gitopsPreflight(GitOpsPreflightError)
    /// A direct-mode plan whose Rollouts Argo CD manages, without `"allowArgoCDManaged": true` (422).
    case argoCDManaged(DirectModeGuard.Refusal)
    /// The cluster refused what the start reads (a Rollout the plan names does not exist, RBAC, …): 424, the
    /// client's own message; nothing was recorded.
    case clusterRefused(String)

    public var description: String {
        switch self {
        case .invalidPlan(let diagnostics): return "the plan is not valid:\n" + diagnostics.joined(separator: "\n")
        case .invalidVersions(let message): return message
        case .lockHeld(_, let message): return message
        case .noCluster: return "this server drives no releases: it was started without cluster access"
        case .otherCluster(let message): return message
        case .gitopsPreflight(let error): return error.description
        case .argoCDManaged(let refusal): return refusal.description
        case .clusterRefused(let message): return message
        }
    }
}
