import TandemEngine
import TandemPlan

/// `--version V` and `--set svc=tag` as given to `release start`, `plan steps` and `sim seed`: checked
/// by `ReleaseVersions.resolve`, the check the server applies to submissions; a bad one is refused
/// with exit 2 and a message quoting it.
enum VersionArguments {
    /// The `--set` entries as service → tag and the release's versions; exit 2 (reported) when an entry
    /// is malformed or names no service of `plan`, or a tag is invalid (and, with `requireSome`, when
    /// no version is given at all).
    static func parse(version: String?, overrides: [String], plan: ReleasePlan,
                      requireSome: Bool = false) throws -> (sets: [String: String], versions: [String: String]) {
        var pairs: [(service: String, tag: String)] = []
        for entry in overrides {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw unknownEntry(entry, plan: plan) }
            pairs.append((parts[0], parts[1]))
        }
        do {
            let versions = try ReleaseVersions.resolve(plan: plan, version: version, overrides: pairs, requireSome: requireSome)
            return (Dictionary(pairs.map { ($0.service, $0.tag) }, uniquingKeysWith: { _, last in last }), versions)
        } catch .unknownServices(let names) {
            throw unknownEntry(overrides.first { names.contains(String($0.prefix { $0 != "=" })) } ?? names[0], plan: plan)
        } catch .invalidVersion(let problem) {
            throw invalidTag(problem, option: "--version")
        } catch .invalidTag(let service, let problem) {
            throw invalidTag(problem, option: "--set \(service)")
        } catch .noVersions {
            complain("error: no versions given: pass --version V (every service) and/or --set svc=tag")
            throw ReportedFailure(.invalidInput)
        }
    }

    /// Exit 2 (reported) unless `tag` is a valid image tag; `option` names where it was given.
    static func requireTag(_ tag: String, option: String) throws {
        guard let problem = ImageTag.problem(tag) else { return }
        throw invalidTag(problem, option: option)
    }

    private static func invalidTag(_ problem: String, option: String) -> ReportedFailure {
        complain("error: \(option): \(problem)\n  hint: \(ImageTag.rule)")
        return ReportedFailure(.invalidInput)
    }

    private static func unknownEntry(_ entry: String, plan: ReleasePlan) -> ReportedFailure {
        complain("error: --set \(PrintableText.escaped(entry)): expected svc=tag with a service of plan \(plan.name) (\(plan.services.map(\.name).joined(separator: ", ")))")
        return ReportedFailure(.invalidInput)
    }
}
