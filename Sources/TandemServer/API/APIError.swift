import Foundation
import Hummingbird
import NIOCore
import TandemStore

/// `{"error": "...", "hint": "..."}` with an HTTP status.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var error: String
    var hint: String

    static let unauthorized = APIError(status: .unauthorized, error: "no valid API token",
                                       hint: "send `Authorization: Bearer <token>`; create a token with `tandem serve add-user NAME --groups G`")

    /// A request body over the route's limit (`collect(upTo:)` threw).
    static let bodyTooLarge = APIError(status: .contentTooLarge, error: "the request body is larger than this route accepts",
                                       hint: "send a smaller body: plans up to 1 MiB, decisions and forms up to 64 KiB")

    /// Maps a store error to its status; the hint is the message's "what to do" part.
    init(_ error: any Error) {
        if error is NIOTooManyBytesError {
            self = .bodyTooLarge
            return
        }
        guard let store = error as? StoreError else {
            self.init(status: .internalServerError, error: "\(error)", hint: "see the server log")
            return
        }
        let status: HTTPResponse.Status = switch store {
        case .unknownRelease, .unknownCheckpoint, .unknownStep, .unknownOutboxMessage: .notFound
        case .notAtCheckpoint, .checkpointDecided, .planChanged, .lockHeld, .lockLost, .releaseFinished,
             .invalidReleaseTransition, .invalidStepTransition: .conflict
        case .approvalDenied: .forbidden
        case .noIdentity, .invalidJSON, .invalidRelease, .cannotCreateDirectory: .unprocessableContent
        }
        let text = store.description
        let hint = text.range(of: ": ", options: .backwards).map { String(text[$0.upperBound...]) } ?? ""
        self.init(status: status, error: text, hint: hint)
    }

    init(status: HTTPResponse.Status, error: String, hint: String) {
        self.status = status
        self.error = error
        self.hint = hint
    }

    var response: Response {
        let body = (try? TandemJSON.string(["error": error, "hint": hint])) ?? "{}"
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body + "\n")))
    }
}

enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let text = try TandemJSON.string(value, pretty: true)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
