import TandemPlan

/// `--version V` and `--set svc=tag` as given to `release start`, `plan steps` and `sim seed`:
/// each tag is checked with `ImageTag`, the same check the server applies to submissions, and a
/// bad one is refused with exit 2 and a message quoting it.
enum VersionArguments {
    /// The `--set` entries as service → tag; exit 2 (reported) when one is malformed, names no
    /// service of `plan`, or gives an invalid tag. `version`, when given, is checked too.
    static func parse(version: String?, overrides: [String], plan: ReleasePlan) throws -> [String: String] {
        if let version { try requireTag(version, option: "--version") }
        var sets: [String: String] = [:]
        for entry in overrides {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, plan.service(named: parts[0]) != nil else {
                PlanFileLoading.printError("error: --set \(PrintableText.escaped(entry)): expected svc=tag with a service of plan \(plan.name) (\(plan.services.map(\.name).joined(separator: ", ")))")
                throw ReportedFailure(.invalidInput)
            }
            try requireTag(parts[1], option: "--set \(parts[0])")
            sets[parts[0]] = parts[1]
        }
        return sets
    }

    /// Exit 2 (reported) unless `tag` is a valid image tag; `option` names where it was given.
    static func requireTag(_ tag: String, option: String) throws {
        guard let problem = ImageTag.problem(tag) else { return }
        PlanFileLoading.printError("error: \(option): \(problem)\n  hint: \(ImageTag.rule)")
        throw ReportedFailure(.invalidInput)
    }
}
