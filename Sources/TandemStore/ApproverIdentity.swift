/// Who is deciding, and where that name came from (stored as the approval's `source`).
public struct ApproverIdentity: Sendable, Equatable {
    public var name: String
    /// `flag:--by`, `env:TANDEM_USER`, `ci:github-actions`, …
    public var source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }

    /// CI variables that name the person who triggered the job, in the order they are tried.
    public static let ciVariables: [(variable: String, source: String)] = [
        ("GITHUB_ACTOR", "ci:github-actions"),
        ("GITLAB_USER_LOGIN", "ci:gitlab"),
        ("BUILD_USER_ID", "ci:jenkins"),
        ("CIRCLE_USERNAME", "ci:circleci"),
        ("BITBUCKET_STEP_TRIGGERER_UUID", "ci:bitbucket"),
        ("BUILDKITE_BUILD_CREATOR_EMAIL", "ci:buildkite"),
    ]

    /// `--by` first, then `TANDEM_USER`, then the CI variables; throws `noIdentity` when none is set.
    public static func resolve(by: String?, environment: [String: String]) throws -> ApproverIdentity {
        func clean(_ value: String?) -> String? {
            guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        if let name = clean(by) { return ApproverIdentity(name: name, source: "flag:--by") }
        if let name = clean(environment["TANDEM_USER"]) { return ApproverIdentity(name: name, source: "env:TANDEM_USER") }
        for (variable, source) in ciVariables {
            if let name = clean(environment[variable]) { return ApproverIdentity(name: name, source: "\(source) (\(variable))") }
        }
        throw StoreError.noIdentity
    }
}
