import Foundation
import Hummingbird
import NIOCore
import TandemKubeModel

/// Hummingbird glue: fault injection, authentication, then the framework-free `APIHandler`.
struct SimResponder: HTTPResponder {
    typealias Context = SimRequestContext
    let api: APIHandler
    let auth: Authenticator
    let faults: FaultInjector?
    let counter: RequestCounter

    func respond(to request: Request, context: SimRequestContext) async throws -> Response {
        var request = request
        let readOnlyPath = Authenticator.strippingReadOnlyPrefix(request.uri.path)
        let path = readOnlyPath ?? request.uri.path
        let method = request.method.rawValue
        let query = APIRequest.parseQuery(request.uri.query)
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        let body = Data(buffer.readableBytesView)

        if path == "/tandem-sim/metrics" {
            return Self.convert(.json(counter.json))
        }
        let isWatch = ["true", "1"].contains(query["watch"] ?? "")
        counter.record(method: method, path: path, isWatch: isWatch)
        if path == "/tandem-sim/faults" {
            guard let faults else { return Self.convert(.error(.pathNotFound)) }
            return Self.convert(await FaultEndpoint.handle(method: method, body: body, faults: faults))
        }
        var watchLimit: Int?
        if let faults, let rule = await faults.take(method: method, path: path, isWatch: isWatch) {
            if rule.hang {
                try? await Task.sleep(for: .seconds(rule.hangSeconds))
                return Self.convert(.error(rule.apiStatus))
            }
            if rule.status != nil {
                var response = APIResponse.error(rule.apiStatus)
                if rule.status == 429 { response.headers.append(("Retry-After", String(rule.retryAfterSeconds ?? 1))) }
                return Self.convert(response)
            }
            watchLimit = rule.cutWatchAfterEvents
        }
        guard var user = await auth.user(authorization: headers["authorization"], channel: context.channel) else {
            return Self.convert(.error(.unauthorized))
        }
        if readOnlyPath != nil { user = .readOnly }
        var apiRequest = APIRequest(method: method, path: path, query: query, headers: headers, body: body, user: user)
        apiRequest.watchEventLimit = watchLimit
        return Self.convert(await api.handle(apiRequest))
    }

    static func convert(_ response: APIResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers {
            if let key = HTTPFields.Element.Name(name) { fields.append(HTTPFields.Element(name: key, value: value)) }
        }
        let body: ResponseBody
        switch response.body {
        case .data(let data):
            body = ResponseBody(byteBuffer: ByteBuffer(bytes: data))
        case .stream(let stream):
            body = ResponseBody { writer in
                for await chunk in stream {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            }
        }
        return Response(status: HTTPResponse.Status(code: response.status), headers: fields, body: body)
    }
}

/// `GET`/`POST`/`DELETE /tandem-sim/faults`.
enum FaultEndpoint {
    static func handle(method: String, body: Data, faults: FaultInjector) async -> APIResponse {
        switch method.uppercased() {
        case "GET":
            return .json(["faults": .array(await faults.active.map(\.json))])
        case "DELETE":
            await faults.clear()
            return .json(["faults": []])
        case "POST":
            do {
                let json = try JSON.parse(body)
                let rules = try (json.arrayValue ?? [json]).map { (item: JSON) throws(APIStatus) -> FaultRule in try FaultRule(json: item) }
                for rule in rules { await faults.add(rule) }
                return .json(["faults": .array(await faults.active.map(\.json))], status: 201)
            } catch let status as APIStatus {
                return .error(status)
            } catch {
                return .error(.badRequest("the fault is not valid JSON: \(error)"))
            }
        default:
            return .error(.methodNotAllowed(method))
        }
    }
}
