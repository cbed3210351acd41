import Foundation
import Logging
import TandemKubeModel

/// The Kubernetes API client: every HTTP request tandem makes to a cluster goes through here.
/// Credentials are refreshed after a 401, idempotent requests are retried with backoff, and
/// failures become `KubeError`s that say what to do.
public final class KubeClient: Sendable {
    public let connection: ClusterConnection
    public let retryPolicy: RetryPolicy
    public let requestTimeout: Duration
    /// Told when the API server becomes unreachable (then every 10 s) and when it answers again.
    public let outageObserver: (@Sendable (OutageNotice) -> Void)?
    let outageTracker = OutageTracker(interval: KubeClient.outageNoticeInterval)
    /// The client-side request budget (`RateLimit`); every attempt takes a token.
    public let rateLimit: RateLimit
    let tokenBucket: TokenBucket
    let transport: any KubeTransport
    /// The resourceVersion every write of this client got back (what a cache must have caught up to).
    public let writes = WriteLedger()
    let credentials: any CredentialSource
    let logger: Logger

    public var namespace: String { connection.namespace }
    public var server: String { connection.server }

    public init(connection: ClusterConnection, retryPolicy: RetryPolicy = .default, requestTimeout: Duration = .seconds(30),
                transport: (any KubeTransport)? = nil, credentials: (any CredentialSource)? = nil,
                rateLimit: RateLimit = .default,
                logger: Logger = Logger(label: "tandem.kube"),
                outageObserver: (@Sendable (OutageNotice) -> Void)? = nil) throws(KubeError) {
        self.connection = connection
        self.rateLimit = rateLimit
        self.tokenBucket = TokenBucket(limit: rateLimit)
        self.outageObserver = outageObserver
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        if let transport {
            self.transport = transport
        } else {
            self.transport = try HTTPClientTransport(connection: connection)
        }
        self.credentials = credentials ?? connection.auth.makeSource()
        self.logger = logger
    }

    /// Resolves the configuration (kubeconfig, KUBECONFIG, ~/.kube/config, in-cluster) and connects.
    public convenience init(resolver: ConfigResolver, retryPolicy: RetryPolicy = .default,
                            rateLimit: RateLimit = .default,
                            logger: Logger = Logger(label: "tandem.kube"),
                            outageObserver: (@Sendable (OutageNotice) -> Void)? = nil) throws(KubeError) {
        let connection: ClusterConnection
        do { connection = try resolver.resolve() } catch { throw KubeError.configuration(error) }
        try self.init(connection: connection, retryPolicy: retryPolicy, rateLimit: rateLimit, logger: logger,
                      outageObserver: outageObserver)
    }

    /// Closes the connection pool. Call once when done.
    public func shutdown() async { await transport.shutdown() }

    /// Sends a request and returns the response with its body not yet read (for watches).
    /// Non-2xx answers become errors. Transient failures of idempotent requests are retried
    /// `maxAttempts` times; while the server is unreachable or unavailable (`OutageReason`) any
    /// request the server cannot have acted on is retried for `outageLimit`, saying so through
    /// `outageObserver`.
    public func send(_ request: KubeRequest) async throws(KubeError) -> TransportResponse {
        var attempt = 0
        var refreshedCredentials = false
        var outage: (started: ContinuousClock.Instant, attempts: Int)?
        while true {
            attempt += 1
            let retryAfter: Int?
            let failure: KubeError
            var transportKind: TransportFailure.Kind?
            do {
                let response = try await sendOnce(request, transportKind: &transportKind)
                if response.status != 429, response.status != 503 {
                    outage = nil
                    if let lasted = outageTracker.answered() {
                        outageObserver?(OutageNotice(kind: .recovered, server: server, cause: "", elapsed: lasted,
                                                     limit: retryPolicy.outageLimit))
                    }
                }
                if (200..<300).contains(response.status) { return response }
                if response.status == 401, !refreshedCredentials {
                    // Rotated tokens and expired exec credentials: fetch fresh ones and try once more.
                    refreshedCredentials = true
                    await credentials.invalidate()
                    _ = try? await response.body.collect(limit: 1 << 20)
                    attempt -= 1
                    continue
                }
                retryAfter = response.headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                failure = await errorFor(response, request: request.info)
            } catch {
                retryAfter = nil
                failure = error
            }
            let delay: Duration
            if let reason = OutageReason(failure: failure, transportKind: transportKind),
               request.idempotent || reason.requestNeverArrived, retryPolicy.outageLimit > .zero {
                let now = ContinuousClock.now
                var current = outage ?? (started: now, attempts: 0)
                let elapsed = now - current.started
                guard elapsed < retryPolicy.outageLimit else {
                    throw KubeError.unavailable(server: server, cause: reason.cause, after: retryPolicy.outageLimit)
                }
                current.attempts += 1
                outage = current
                if let lasted = outageTracker.failed(at: now) {
                    outageObserver?(OutageNotice(kind: .waiting, server: server, cause: reason.cause, elapsed: lasted,
                                                 limit: retryPolicy.outageLimit))
                }
                delay = min(retryPolicy.delay(afterAttempt: current.attempts, retryAfterSeconds: retryAfter),
                            retryPolicy.outageLimit - elapsed)
            } else {
                // 429 means the server refused before doing anything, so even a write may be repeated.
                let throttled = failure.status?.code == 429
                guard failure.isTransient, request.idempotent || throttled, attempt < retryPolicy.maxAttempts else {
                    throw failure
                }
                delay = retryPolicy.delay(afterAttempt: attempt, retryAfterSeconds: retryAfter)
            }
            logger.debug("retrying", metadata: ["request": "\(request.info)", "attempt": "\(attempt)",
                                                 "delay": "\(delay)", "error": "\(failure)"])
            do { try await Task.sleep(for: max(delay, .zero)) } catch { throw failure }
        }
    }

    /// Requests that waited for the client-side rate limit, and the total time they waited.
    public var rateLimitTotals: (throttled: Int, waited: Duration) { tokenBucket.totals }

    /// How often a continuing outage is reported again.
    static let outageNoticeInterval: Duration = .seconds(10)

    /// Sends a request and returns the whole body.
    public func perform(_ request: KubeRequest) async throws(KubeError) -> [UInt8] {
        let response = try await send(request)
        do {
            return try await response.body.collect()
        } catch {
            throw map(error, request: request.info, timeout: request.timeout ?? requestTimeout)
        }
    }

    /// Sends a request and parses the JSON body.
    public func json(_ request: KubeRequest) async throws(KubeError) -> JSON {
        let bytes = try await perform(request)
        if bytes.isEmpty { return .null }
        let body: JSON
        do { body = try JSON.parse(Data(bytes)) } catch {
            throw KubeError.invalidResponse(request: request.info, detail: "body is not JSON: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
        if let resource = request.info.resource, ["POST", "PUT", "PATCH"].contains(request.info.method), request.info.subresource != "proxy" {
            writes.record(resource, namespace: request.info.namespace ?? body.namespace ?? "", written: body)
        }
        return body
    }

    /// One attempt; `transportKind` says what failed below HTTP, when something did.
    private func sendOnce(_ request: KubeRequest, transportKind: inout TransportFailure.Kind?) async throws(KubeError) -> TransportResponse {
        let credential: Credential
        do {
            credential = try await credentials.credential()
        } catch let error as KubeConfigError {
            throw KubeError.configuration(error)
        } catch {
            throw KubeError.credentials("\(error)")
        }
        var headers: [(String, String)] = [("Accept", "application/json"), ("User-Agent", "tandem")]
        if let contentType = request.contentType { headers.append(("Content-Type", contentType)) }
        if let authorization = credential.authorizationHeader { headers.append(("Authorization", authorization)) }
        var identity: (certificatePEM: [UInt8], keyPEM: [UInt8])?
        if case .clientCertificate(let cert, let key) = credential { identity = (cert, key) }
        let timeout = request.timeout ?? requestTimeout
        let wait = tokenBucket.reserve()
        if wait > .zero {
            logger.debug("rate limited", metadata: ["request": "\(request.info)", "wait": "\(wait)",
                                                    "limit": "\(rateLimit)"])
            do { try await Task.sleep(for: wait) } catch { throw KubeError.operationFailed("\(request.info) was cancelled while waiting for the client-side rate limit") }
        }
        let outgoing = TransportRequest(method: request.info.method, url: connection.server + request.pathAndQuery,
                                        headers: headers, body: request.body, clientIdentity: identity, timeout: timeout)
        logger.debug("request", metadata: ["method": "\(request.info.method)", "path": "\(request.pathAndQuery)"])
        do {
            return try await transport.execute(outgoing)
        } catch {
            if !(error is KubeError) { transportKind = (error as? TransportFailure ?? HTTPClientTransport.classify(error)).kind }
            throw map(error, request: request.info, timeout: timeout)
        }
    }

    func map(_ error: any Error, request: RequestInfo, timeout: Duration) -> KubeError {
        if let error = error as? KubeError { return error }
        let failure = error as? TransportFailure ?? HTTPClientTransport.classify(error)
        switch failure.kind {
        case .timeout: return .timeout(request: request, after: timeout)
        case .tls: return .tls(server: connection.server, cause: failure.detail)
        case .connectionRefused, .dns, .connectionLost, .other: return .unreachable(server: connection.server, cause: failure.detail)
        }
    }

    /// The error for a non-2xx response, from its Status body when there is one.
    private func errorFor(_ response: TransportResponse, request: RequestInfo) async -> KubeError {
        let bytes = (try? await response.body.collect(limit: 1 << 20)) ?? []
        let parsed = (try? JSON.parse(Data(bytes))).flatMap(APIStatus.init(json:))
        let text = String(decoding: bytes.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let status = parsed ?? APIStatus(code: response.status, reason: Self.reason(response.status),
                                         message: text.isEmpty ? Self.reason(response.status) : text)
        switch response.status {
        case 401:
            return .unauthorized(server: connection.server, source: connection.source, request: request, message: status.message)
        case 403:
            return .forbidden(request: request, message: status.message)
        case 404 where request.resource == .rollouts && Self.isMissingResource(parsed):
            return .argoRolloutsNotInstalled(server: connection.server)
        default:
            return .api(status, request)
        }
    }

    /// A 404 for the resource type itself: no Status, or a Status that names no object.
    static func isMissingResource(_ status: APIStatus?) -> Bool {
        guard let status else { return true }
        return (status.details["name"].stringValue ?? "").isEmpty
    }

    static func reason(_ code: Int) -> String {
        switch code {
        case 400: return "BadRequest"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "NotFound"
        case 405: return "MethodNotAllowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 415: return "UnsupportedMediaType"
        case 422: return "Invalid"
        case 429: return "TooManyRequests"
        case 500: return "InternalError"
        case 503: return "ServiceUnavailable"
        case 504: return "Timeout"
        default: return "Status\(code)"
        }
    }
}
