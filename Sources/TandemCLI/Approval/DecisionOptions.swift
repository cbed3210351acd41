import ArgumentParser
import Foundation
import TandemEngine
import TandemStore

/// Flags shared by `approve` and `reject`. Deciding needs no cluster access.
struct DecisionOptions: ParsableArguments {
    @Option(help: "The checkpoint (default: the one the release waits at).") var checkpoint: String?
    @Option(help: "Who decides (default: TANDEM_USER, then CI user variables such as GITHUB_ACTOR, GITLAB_USER_LOGIN, BUILD_USER_ID).")
    var by: String?
    @Option(help: "File of approver groups: lines `name: [alice, bob]` (or JSON {\"name\": [...]}), for `group:` approvers.")
    var approversFile: String?
    @Option(help: "The plan file as the approver reviewed it: refused when it differs from the plan the release runs.")
    var plan: String?

    func identity() throws -> ApproverIdentity {
        do {
            return try ApproverIdentity.resolve(by: by, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw CLIFailure(error)
        }
    }

    func planHash() throws -> String? {
        guard let plan else { return nil }
        guard let text = try? String(contentsOfFile: plan, encoding: .utf8) else {
            complain("error: cannot read --plan \(plan)")
            throw ReportedFailure(.invalidInput)
        }
        return PlanHash.of(text)
    }

    func groups() throws -> [String: [String]] {
        let path = approversFile ?? ProcessInfo.processInfo.environment["TANDEM_APPROVERS_FILE"]
        guard let path else { return [:] }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            complain("error: cannot read --approvers-file \(path)")
            throw ReportedFailure(.invalidInput)
        }
        guard let groups = ApproverGroups.parse(text) else {
            complain("error: \(path) is not a groups file: write one group a line, `qa: [bob, carol]`, or a JSON object of arrays")
            throw ReportedFailure(.invalidInput)
        }
        return groups
    }
}

/// Parses approver groups: `name: [a, b]` / `name: a, b` lines (a `groups:` header is ignored), or JSON.
enum ApproverGroups {
    static func parse(_ text: String) -> [String: [String]]? {
        if let data = text.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let groups = (object["groups"] as? [String: Any]) ?? object
            var result: [String: [String]] = [:]
            for (name, members) in groups {
                guard let list = members as? [String] else { return nil }
                result[name] = list
            }
            return result
        }
        var result: [String: [String]] = [:]
        for raw in text.split(separator: "\n") {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed == "groups:" { continue }
            guard let colon = trimmed.firstIndex(of: ":") else { return nil }
            let name = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            let members = trimmed[trimmed.index(after: colon)...]
                .trimmingCharacters(in: CharacterSet(charactersIn: " []"))
                .split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")) }.filter { !$0.isEmpty }
            result[name] = members
        }
        return result
    }
}
