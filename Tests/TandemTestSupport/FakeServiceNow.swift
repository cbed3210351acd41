import Foundation
import Hummingbird
import Synchronization

/// A ServiceNow Table API for the tests, on 127.0.0.1: `GET /api/now/table/change_request?sysparm_query=number=X`
/// answers `{"result": [...]}` with the records as the API returns them (strings, state numbers, dates
/// `YYYY-MM-DD HH:MM:SS` UTC); `PATCH /api/now/table/change_request/<sys_id>` appends `work_notes`. Basic
/// auth (user/password) or a bearer token; anything else is 401 as ServiceNow answers it. Test code only, shared by
/// the gate tests and the end-to-end runs of the `tandem` binary.
public final class FakeServiceNow: Sendable {
    public struct State: Sendable {
        public var records: [String: [String: String]] = [:]
        public var workNotes: [String: [String]] = [:]
        /// Every PATCH received (authorized or not), by sys_id.
        public var patches: [String] = []
        /// Answer this status to the next N requests (429, 503).
        public var failNext: [Int] = []
        public var requests = 0
        public var authorizations: [String] = []
    }

    public let user = "tandem-bot"
    public let password = "s3cret-pass"
    public let token = "tok-123456"
    public let state = Mutex(State())
    private let server = LoopbackHTTPServer()

    public init() {}

    /// SERVICENOW_* for the `tandem` binary: Basic auth with this fake's user and `password` (default: the right one).
    public func credentials(password: String? = nil) -> [String: String] {
        ["SERVICENOW_USER": user, "SERVICENOW_PASSWORD": password ?? self.password, "SERVICENOW_TOKEN": ""]
    }

    /// Changes fields of a record already put.
    public func update(_ number: String, _ fields: [String: String]) {
        state.withLock { $0.records[number]?.merge(fields) { _, new in new } }
    }

    /// The work notes written on change `number`.
    public func workNotes(_ number: String) -> [String] {
        state.withLock { $0.workNotes[number] ?? [] }
    }

    /// A change with the given fields over defaults: approved, Implement, window around now, listing `versions`.
    public func put(_ number: String, _ fields: [String: String] = [:], versions: String = "backend=2.0 frontend=2.0") {
        var record = ["sys_id": "sys-\(number.lowercased())", "number": number, "approval": "approved", "state": "-1",
                      "start_date": Self.date(-3600), "end_date": Self.date(3600), "description": "Release of loan-app: \(versions)"]
        record.merge(fields) { _, new in new }
        state.withLock { $0.records[number] = record }
    }

    public static func date(_ offset: TimeInterval) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date().addingTimeInterval(offset))
    }

    public func start() async throws -> Int {
        let router = Router()
        router.get("api/now/table/change_request") { [self] request, _ -> Response in
            if let failure = self.gate(request) { return failure }
            let query = request.uri.queryParameters.get("sysparm_query") ?? ""
            let number = query.hasPrefix("number=") ? String(query.dropFirst("number=".count)) : ""
            let records = self.state.withLock { state in state.records[number].map { [$0] } ?? [] }
            return Self.json(["result": records])
        }
        router.patch("api/now/table/change_request/:sysID") { [self] request, context -> Response in
            let sysID = context.parameters.get("sysID") ?? ""
            self.state.withLock { $0.patches.append(sysID) }
            if let failure = self.gate(request) { return failure }
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = (try? JSONSerialization.jsonObject(with: Data(String(buffer: buffer).utf8))) as? [String: Any]
            let found: [String: String]? = self.state.withLock { state in
                guard let (number, record) = state.records.first(where: { $0.value["sys_id"] == sysID }) else { return nil }
                if let note = body?["work_notes"] as? String { state.workNotes[number, default: []].append(note) }
                return record
            }
            guard let found else { return Self.json(["error": ["message": "No Record found"], "status": "failure"], status: .notFound) }
            return Self.json(["result": found])
        }
        return try await server.start(router)
    }

    public func stop() async { await server.stop() }

    /// Authentication and injected failures, as ServiceNow answers them.
    private func gate(_ request: Request) -> Response? {
        let authorization = request.headers[.authorization] ?? ""
        let failure: Int? = state.withLock { state in
            state.requests += 1
            state.authorizations.append(authorization)
            return state.failNext.isEmpty ? nil : state.failNext.removeFirst()
        }
        let basic = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        guard authorization == basic || authorization == "Bearer \(token)" else {
            return Self.json(["error": ["message": "User Not Authenticated", "detail": "Required to provide Auth information"],
                              "status": "failure"], status: .unauthorized)
        }
        if let failure { return Self.json(["error": ["message": "busy"]], status: .init(code: failure)) }
        return nil
    }

    public static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
