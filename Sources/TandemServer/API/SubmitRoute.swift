import Foundation
import Hummingbird
import TandemEngine
import TandemStore

/// `POST /api/releases`: a release the server records and drives (`tandem release start --server`).
struct SubmitRoute: Sendable {
    let env: ServerEnvironment

    func handle(_ request: Request, _ auth: Authenticator) async throws -> Response {
        return try await guarded(auth, request) { caller in
            guard let host = env.host else {
                throw APIError(status: .serviceUnavailable, error: SubmissionError.noCluster.description,
                               hint: "start the server with cluster access: `tandem serve --kubeconfig FILE [--context C]` or `tandem serve --sim`; or run `tandem release start` without --server")
            }
            // The JSON around the plan, and escapes that can double its size, fit in twice the plan bound.
            let data = try await request.body.collect(upTo: 2 * host.plans.bounds.maxBytes + 64 * 1024)
            let submission: ReleaseSubmission
            do {
                submission = try JSONDecoder().decode(ReleaseSubmission.self, from: Data(buffer: data))
            } catch {
                throw APIError(status: .badRequest, error: "the request body is not the expected JSON: \(error)",
                               hint: #"send {"plan": "<plan YAML text>", "planPath": "plans/x.yaml", "version": "2.0", "set": {"svc": "tag"}}"#)
            }
            let release: ReleaseRecord
            do {
                release = try await host.submit(submission, by: caller.user.name)
            } catch let error as SubmissionError {
                return Self.response(error)
            } catch let refusal as PlanParseGate.Refusal {
                throw Self.apiError(refusal)
            }
            var response = try JSONResponse.make(try await env.store.statusView(release.id), status: .created)
            response.headers[.location] = "/api/releases/\(release.id)"
            return response
        }
    }

    /// 413 for a plan over the size bound, 422 for one over the time bound, 503 while too many parses run.
    static func apiError(_ refusal: PlanParseGate.Refusal) -> APIError {
        let status: HTTPResponse.Status = switch refusal {
        case .tooLarge: .contentTooLarge
        case .tookTooLong: .unprocessableContent
        case .busy: .serviceUnavailable
        }
        return APIError(status: status, error: refusal.description, hint: refusal.hint)
    }

    /// 422 with every plan diagnostic, 422 for versions, 409 naming the holder; the GitOps preflight's
    /// problems as diagnostics (422, or 424 when only the work tree, remote or cluster must change);
    /// 422 for Rollouts Argo CD manages; 424 when the cluster refuses what the start reads.
    static func response(_ error: SubmissionError) -> Response {
        var object: [String: JSONValue] = ["error": .string(error.description)]
        let status: HTTPResponse.Status
        switch error {
        case .invalidPlan(let diagnostics):
            status = .unprocessableContent
            object["error"] = .string("the plan is not valid")
            object["diagnostics"] = .array(diagnostics.map { .string($0) })
            object["hint"] = .string("fix the plan (`tandem plan validate FILE` prints the same diagnostics) and submit again")
        case .invalidVersions:
            status = .unprocessableContent
            object["hint"] = .string(#"send "version" and/or "set": {"svc": "tag"} with services of the plan"#)
        case .lockHeld(let holder, _):
            status = .conflict
            object["holder"] = .string(holder)
            object["hint"] = .string("wait for \(holder) to finish, or abort it with `tandem release abort \(holder)`")
        case .noCluster:
            status = .serviceUnavailable
            object["hint"] = .string("start the server with --kubeconfig or --sim")
        case .otherCluster:
            status = .unprocessableContent
            object["hint"] = .string("run one `tandem serve --kubeconfig FILE --context C` per cluster and submit each environment to its own")
        case .gitopsPreflight(let preflight):
            // 424: nothing in the request is wrong, what it depends on (work tree, remote, cluster) is.
            status = preflight.isPlanProblem ? .unprocessableContent : HTTPResponse.Status(code: 424, reasonPhrase: "Failed Dependency")
            object["error"] = .string(preflight.headline)
            object["diagnostics"] = .array(preflight.problems.map { .string($0.message) })
            object["hint"] = .string("fix each problem (docs/gitops.md#preflight), then submit again")
        case .argoCDManaged(let refusal):
            status = .unprocessableContent
            object["error"] = .string(DirectModeGuard.Refusal.headline)
            object["diagnostics"] = .array(refusal.lines.map { .string($0) })
            object["hint"] = .string(DirectModeGuard.Refusal.hint(override: #"send "allowArgoCDManaged": true"#))
        case .clusterRefused:
            // As for the preflight's environment problems: the request is fine, the cluster it depends on is not.
            status = HTTPResponse.Status(code: 424, reasonPhrase: "Failed Dependency")
            object["hint"] = .string("check that the Rollouts the plan names exist in its namespace (`kubectl get rollouts -n NAMESPACE`) "
                + "and that the server's user may read them (`tandem kube check`), then submit again")
        }
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(object).text + "\n")))
    }
}
