/// `--change` values: a ServiceNow change number goes into a Table API query (`sysparm_query=number=<CHG>`),
/// where `^` or `=` would change the query, so only letters, digits, `-`, `_` and `.` are taken.
enum ChangeNumbers {
    static func check(_ changes: [String]) throws {
        for change in changes {
            let allowed = !change.isEmpty && change.count <= 64
                && change.unicodeScalars.allSatisfy { (("a"..."z").contains($0) || ("A"..."Z").contains($0)
                    || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
            guard allowed else {
                throw EnvironmentError("--change \"\(change)\" is not a change number; use the record's number, e.g. CHG0030001")
            }
        }
        var seen = Set<String>()
        for change in changes where !seen.insert(change).inserted {
            throw EnvironmentError("--change \(change) is given twice")
        }
    }
}
