import Foundation
import Hummingbird
import TandemStore
import TandemRelease

/// The JSON API under `/api`, authenticated with `Authorization: Bearer <token>`.
struct APIRoutes: Sendable {
    let env: ServerEnvironment

    private struct ApproveBody: Decodable { var comment: String?; var planHash: String? }
    private struct RejectBody: Decodable { var reason: String?; var planHash: String? }

    private struct DecisionReply: Encodable {
        var release: String
        var checkpoint: String
        var verdict: Verdict
        var by: String
        var state: CheckpointState
        var approvers: [String]
    }

    func register(on router: Router<BasicRequestContext>) {
        let auth = Authenticator(env: env)
        let group = router.group("api")
        group.get("releases") { request, _ in
            try await guarded(auth, request) { _ in try JSONResponse.make(try await env.store.listView()) }
        }
        group.get("releases/{id}") { request, context in
            let id = try context.parameters.require("id")
            return try await guarded(auth, request) { _ in try JSONResponse.make(try await env.store.statusView(id)) }
        }
        group.post("releases") { request, _ in
            try await SubmitRoute(env: env).handle(request, auth)
        }
        group.get("releases/{id}/events") { request, context in
            let id = try context.parameters.require("id")
            return try await guarded(auth, request) { _ in
                // `?format=json` (or `Accept: application/json`): one page of events as a JSON array, for pollers.
                if Self.wantsJSON(request) {
                    _ = try await env.store.release(id)
                    let after = EventStream.lastEventID(request)
                    return try JSONResponse.make(try await env.store.eventViews(of: id, after: after, limit: 500))
                }
                return try await EventStream(env: env).response(releaseID: id, request: request)
            }
        }
        group.post("releases/{id}/checkpoints/{name}/approve") { request, context in
            try await decide(.approve, request, context, auth)
        }
        group.post("releases/{id}/checkpoints/{name}/reject") { request, context in
            try await decide(.reject, request, context, auth)
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        if request.uri.queryParameters.get("format") == "json" { return true }
        return request.headers[.accept]?.contains("application/json") == true
    }

    private func decide(_ verdict: Verdict, _ request: Request, _ context: BasicRequestContext,
                        _ auth: Authenticator) async throws -> Response {
        let id = try context.parameters.require("id")
        let name = try context.parameters.require("name")
        return try await guarded(auth, request) { caller in
            let data = try await request.body.collect(upTo: 64 * 1024)
            let text: String?, hash: String?
            do {
                let raw = data.readableBytes == 0 ? Data("{}".utf8) : Data(buffer: data)
                if verdict == .approve {
                    let body = try JSONDecoder().decode(ApproveBody.self, from: raw); text = body.comment; hash = body.planHash
                } else {
                    let body = try JSONDecoder().decode(RejectBody.self, from: raw); text = body.reason; hash = body.planHash
                }
            } catch {
                throw APIError(status: .unprocessableContent, error: "the request body is not the expected JSON: \(error)",
                               hint: verdict == .approve ? #"send {"comment": "…"}"# : #"send {"reason": "…"}"#)
            }
            if verdict == .reject, (text ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw APIError(status: .unprocessableContent, error: "a rejection needs a reason", hint: #"send {"reason": "…"}"#)
            }
            let outcome = try await Decider(env: env).decide(verdict, releaseID: id, checkpoint: name, caller: caller,
                                                             text: text, planHash: hash)
            return try JSONResponse.make(DecisionReply(release: id, checkpoint: outcome.checkpoint.name, verdict: verdict,
                                                       by: outcome.decision.by, state: outcome.state, approvers: outcome.approvers))
        }
    }
}

/// Runs `body` for an authenticated caller; every error becomes a JSON error response.
func guarded(_ auth: Authenticator, _ request: Request, _ body: (Caller) async throws -> Response) async throws -> Response {
    do {
        guard let caller = try auth.bearer(request) else { return APIError.unauthorized.response }
        return try await body(caller)
    } catch let error as APIError {
        return error.response
    } catch {
        return APIError(error).response
    }
}
