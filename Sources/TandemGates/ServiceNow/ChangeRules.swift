import Foundation

/// The contract's rules for one change request, as a pure function: approved, Scheduled or Implement,
/// now inside start_date..end_date, and every `service=tag` of the release listed in `field`.
public enum ChangeRules {
    public static func verdict(for change: ChangeRequest, versions tokens: [String], field: String, now: Date) -> GateVerdict {
        let number = change.number
        if change.approval == "rejected" { return .reject("change \(number) was rejected in ServiceNow") }
        if let state = change.state, state == 3 || state == 4 || state == 0 {
            return .reject("change \(number) is \(change.stateName): it no longer allows a deployment")
        }
        if let end = change.endDate, now > end {
            return .reject("the window of change \(number) ended at \(ServiceNowDate.format(end)) UTC")
        }
        let listed = Set(listedTokens(change.fields[field] ?? ""))
        let missing = tokens.filter { !listed.contains($0) }
        if !missing.isEmpty {
            let services = Set(tokens.map { $0.split(separator: "=").first.map(String.init) ?? $0 })
            let other = listed.filter { token in
                token.split(separator: "=").first.map { services.contains(String($0)) } ?? false
            }.sorted()
            let lists = other.isEmpty ? "" : "; it lists \(other.joined(separator: ", "))"
            return .reject("change \(number) does not list \(missing.joined(separator: ", ")) in \(field)\(lists)")
        }
        if change.approval != "approved" {
            return .wait("change \(number) is not approved yet (approval: \(change.approval.isEmpty ? "none" : change.approval))")
        }
        if change.state != -2 && change.state != -1 {
            return .wait("change \(number) is \(change.stateName), not Scheduled or Implement")
        }
        guard let start = change.startDate, let end = change.endDate else {
            return .wait("change \(number) has no planned window (start_date and end_date)")
        }
        if now < start {
            return .wait("the window of change \(number) opens at \(ServiceNowDate.format(start)) UTC (until \(ServiceNowDate.format(end)) UTC)")
        }
        return .pass
    }

    /// The `service=tag` words of a field: split at whitespace, commas and semicolons.
    static func listedTokens(_ text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init).filter { $0.contains("=") }
    }
}
