import Hummingbird
import NIOCore

/// A body over a route's `collect(upTo:)` limit answers 413 with a JSON error on every route (API and
/// dashboard forms), instead of the framework's 500 naming `NIOTooManyBytesError`.
struct BodyTooLargeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch is NIOTooManyBytesError {
            return APIError.bodyTooLarge.response
        }
    }
}
