import Foundation
import Hummingbird
import Logging
import TandemStore

/// Builds the router of `tandem serve`: `/healthz`, the JSON API and the dashboard.
public enum TandemServerApp {
    public static func router(_ env: ServerEnvironment) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: BodyTooLargeMiddleware())
        router.add(middleware: SameOriginMiddleware())
        // 503 with the reason when the release host's loop has gone silent (read without entering the host actor).
        router.get("healthz") { _, _ in
            if let problem = env.host?.heartbeat.problem() {
                return Response(status: .serviceUnavailable, headers: [.contentType: "text/plain"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: "unhealthy: \(problem)\n")))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        APIRoutes(env: env).register(on: router)
        DashboardRoutes(env: env).register(on: router)
        return router
    }
}
