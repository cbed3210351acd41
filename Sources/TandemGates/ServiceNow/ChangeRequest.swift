import Foundation

/// The fields tandem reads from a `change_request` record of the Table API (values as the API
/// returns them without display values: strings, `state` a number, dates `YYYY-MM-DD HH:MM:SS` UTC).
public struct ChangeRequest: Sendable, Equatable {
    public var sysID: String
    public var number: String
    /// `approved`, `requested`, `not requested`, `rejected`.
    public var approval: String
    /// The state number: -5 New, -4 Assess, -3 Authorize, -2 Scheduled, -1 Implement, 0 Review, 3 Closed, 4 Canceled.
    public var state: Int?
    public var startDate: Date?
    public var endDate: Date?
    /// Every string field of the record, for the field that lists the versions.
    public var fields: [String: String]

    public init(sysID: String, number: String, approval: String, state: Int?, startDate: Date?, endDate: Date?,
                fields: [String: String] = [:]) {
        self.sysID = sysID
        self.number = number
        self.approval = approval
        self.state = state
        self.startDate = startDate
        self.endDate = endDate
        self.fields = fields
    }

    /// The state names of the change_request state model.
    public static let stateNames: [Int: String] = [
        -5: "New", -4: "Assess", -3: "Authorize", -2: "Scheduled", -1: "Implement", 0: "Review", 3: "Closed", 4: "Canceled",
    ]

    public var stateName: String { state.map { Self.stateNames[$0] ?? "state \($0)" } ?? "no state" }

    /// Reads one record of a `{"result": [...]}` answer.
    static func parse(_ record: [String: Any]) -> ChangeRequest {
        var fields: [String: String] = [:]
        for (key, value) in record {
            if let text = value as? String { fields[key] = text }
            // A reference field comes as {"link": ..., "value": ...}.
            else if let object = value as? [String: Any], let text = object["value"] as? String { fields[key] = text }
        }
        return ChangeRequest(sysID: fields["sys_id"] ?? "", number: fields["number"] ?? "", approval: fields["approval"] ?? "",
                             state: fields["state"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) },
                             startDate: fields["start_date"].flatMap(ServiceNowDate.parse),
                             endDate: fields["end_date"].flatMap(ServiceNowDate.parse), fields: fields)
    }
}

/// `YYYY-MM-DD HH:MM:SS` in UTC, the Table API's date-time format.
public enum ServiceNowDate {
    public static func parse(_ text: String) -> Date? {
        formatter().date(from: text.trimmingCharacters(in: .whitespaces))
    }

    public static func format(_ date: Date) -> String { formatter().string(from: date) }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }
}
