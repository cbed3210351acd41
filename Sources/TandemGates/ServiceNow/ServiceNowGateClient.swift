import Foundation

/// Asks a ServiceNow instance about change requests through the Table API and writes the work note
/// at the end of a release. 429 and 5xx answers are retried; 401/403 are a `GateError` naming the
/// variables to set. No message carries the credentials.
public struct ServiceNowGateClient: Sendable {
    public var instance: String
    public var field: String
    var credentials: ServiceNowCredentials
    var transport: any GateTransport
    var retry = RetryingExchange()
    var now: @Sendable () -> Date

    public init(instance: String, field: String = "description", credentials: ServiceNowCredentials,
                transport: any GateTransport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.instance = instance.hasSuffix("/") ? String(instance.dropLast()) : instance
        self.field = field
        self.credentials = credentials
        self.transport = transport
        self.now = now
    }

    /// Shorter pauses between retries (tests).
    public func retrying(attempts: Int, firstPause: Duration) -> ServiceNowGateClient {
        var copy = self
        copy.retry.attempts = attempts
        copy.retry.firstPause = firstPause
        return copy
    }

    /// The verdict over every change linked to the release.
    public func verdict(for release: GateRelease) async throws -> GateVerdict {
        guard !release.changes.isEmpty else {
            return .reject("no ServiceNow change request is linked to release \(release.id): pass --change CHG… to release start or promote")
        }
        var verdicts: [GateVerdict] = []
        for number in release.changes {
            switch try await change(number) {
            case .none: verdicts.append(.reject("ServiceNow at \(instance) has no change request \(number)"))
            case .some(let change):
                verdicts.append(ChangeRules.verdict(for: change, versions: release.versionTokens, field: field, now: now()))
            case .unavailable(let why): verdicts.append(.wait("ServiceNow at \(instance) is unavailable: \(why)"))
            }
        }
        return GateVerdict.combine(verdicts)
    }

    enum Lookup { case some(ChangeRequest), none, unavailable(String) }

    /// `GET {instance}/api/now/table/change_request?sysparm_query=number=<CHG>`.
    func change(_ number: String) async throws -> Lookup {
        var components = URLComponents(string: instance + "/api/now/table/change_request")
        components?.queryItems = [URLQueryItem(name: "sysparm_query", value: "number=\(number)")]
        guard let url = components?.string else { throw GateError("ServiceNow url \(instance) is not a URL") }
        let answer: (status: Int, body: [UInt8])
        do {
            answer = try await retry.run { try await transport.send(method: "GET", url: url, headers: headers(), body: nil) }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            return .unavailable("\(error)")
        }
        try checkAuthorized(answer.status)
        if answer.status == 429 || answer.status >= 500 { return .unavailable("HTTP \(answer.status)") }
        guard answer.status == 200 else {
            throw GateError("ServiceNow at \(instance) answered HTTP \(answer.status) to the query for \(number)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
              let result = object["result"] as? [[String: Any]] else {
            throw GateError("ServiceNow at \(instance) answered without a {\"result\": [...]} list for \(number); is the url the instance's?")
        }
        guard let record = result.first else { return .none }
        return .some(ChangeRequest.parse(record))
    }

    /// `PATCH {instance}/api/now/table/change_request/<sys_id>` with `work_notes`.
    public func addWorkNote(_ note: String, to number: String) async throws {
        guard case .some(let change) = try await change(number), !change.sysID.isEmpty else {
            throw GateError("cannot add the work note: ServiceNow at \(instance) has no change request \(number) (or it is unavailable)")
        }
        let body = try JSONSerialization.data(withJSONObject: ["work_notes": note])
        let answer = try await retry.run {
            try await transport.send(method: "PATCH", url: instance + "/api/now/table/change_request/\(change.sysID)",
                                     headers: headers(), body: Array(body))
        }
        try checkAuthorized(answer.status)
        guard answer.status == 200 else {
            throw GateError("ServiceNow at \(instance) answered HTTP \(answer.status) to the work note on \(number)")
        }
    }

    private func headers() -> [(String, String)] {
        [("Authorization", credentials.header), ("Accept", "application/json"), ("Content-Type", "application/json")]
    }

    private func checkAuthorized(_ status: Int) throws {
        if status == 401 || status == 403 {
            throw GateError("ServiceNow at \(instance) refused the credentials (HTTP \(status), \(credentials)): "
                + "\(ServiceNowCredentials.howToSet) to an account that may read and update change_request")
        }
    }
}

extension ServiceNowGateClient {
    /// The work note of a finished release: id, versions and outcome.
    public static func workNote(release: GateRelease, outcome: String) -> String {
        "tandem release \(release.id) (plan \(release.plan)\(release.environment.map { ", environment \($0)" } ?? "")) "
            + "\(outcome): \(release.versionTokens.joined(separator: " "))"
    }
}
