import TandemKubeModel

/// Every failure the client reports, each phrased so a person can act on it.
public enum KubeError: Error, Sendable, CustomStringConvertible {
    /// A `kind: Status` failure the server returned (404 NotFound, 409 Conflict, 422 Invalid, 5xx…).
    case api(APIStatus, RequestInfo)
    /// 401: the server did not accept the credentials.
    case unauthorized(server: String, source: String, request: RequestInfo, message: String)
    /// 403: authenticated, but RBAC does not allow this request.
    case forbidden(request: RequestInfo, message: String)
    /// The `rollouts.argoproj.io` resource itself does not exist on the server.
    case argoRolloutsNotInstalled(server: String)
    /// Connection refused, DNS failure, connection lost.
    case unreachable(server: String, cause: String)
    /// The API server stayed unreachable or unavailable for the whole outage budget of the retry policy.
    case unavailable(server: String, cause: String, after: Duration)
    /// The TLS handshake or TLS material failed.
    case tls(server: String, cause: String)
    /// One request got no complete answer in time.
    case timeout(request: RequestInfo, after: Duration)
    /// The kubeconfig or in-cluster files are unusable.
    case configuration(KubeConfigError)
    /// An exec credential plugin failed.
    case credentials(String)
    /// The server answered with something that is not what the API promises.
    case invalidResponse(request: RequestInfo, detail: String)
    /// A wait reached its deadline; says what it waited for and what it last saw.
    case waitTimedOut(waitingFor: String, lastObserved: String, after: Duration)
    /// An operation that cannot proceed for a reason stated in the message (e.g. `unable to find container named "x"`).
    case operationFailed(String)

    public var description: String {
        switch self {
        case .api(let status, let request):
            if status.code == 404, request.name != nil {
                return "\(status.message)\(request.namespace.map { " in namespace \"\($0)\"" } ?? "")"
            }
            return "\(request): the server answered \(status.code) \(status.reason): \(status.message)"
        case .unauthorized(let server, let source, let request, let message):
            return """
            unauthorized: the API server at \(server) rejected tandem's credentials (\(source)) when trying to \(request): \(message)
            Check the token, client certificate or exec plugin of that kubeconfig user; an expired token must be renewed.
            """
        case .forbidden(let request, let message):
            return """
            forbidden: tandem may not \(request): \(message)
            Grant it with a Role (or ClusterRole) rule bound to tandem's user or service account:
            \(request.rbacRule)
            Run `tandem kube check` to see every permission tandem needs.
            """
        case .argoRolloutsNotInstalled(let server):
            return """
            Argo Rollouts is not installed on the cluster at \(server): the API has no rollouts.argoproj.io resource.
            Install it with:
              kubectl create namespace argo-rollouts
              kubectl apply -n argo-rollouts -f https://github.com/argoproj/argo-rollouts/releases/latest/download/install.yaml
            """
        case .unreachable(let server, let cause):
            return "cannot reach the API server at \(server): \(cause). Check the server URL in the kubeconfig, the network and that the cluster is running."
        case .unavailable(let server, let cause, let after):
            return "the API server at \(server) stayed unreachable (\(cause)) for \(KubeDuration.format(after)); tandem stopped retrying. "
                + "Check that the cluster is running and reachable; to wait longer for it, raise --api-retry-for (or TANDEM_API_RETRY_FOR)."
        case .tls(let server, let cause):
            return "TLS failure talking to \(server): \(cause). Check certificate-authority(-data), tls-server-name and the client certificate in the kubeconfig."
        case .timeout(let request, let after):
            return "timed out after \(after) waiting for the API server to answer \(request)"
        case .configuration(let error):
            return "invalid cluster configuration: \(error)"
        case .credentials(let message):
            return "cannot obtain credentials: \(message)"
        case .invalidResponse(let request, let detail):
            return "unexpected answer to \(request): \(detail)"
        case .waitTimedOut(let waitingFor, let lastObserved, let after):
            return "timed out after \(after) waiting for \(waitingFor); last observed: \(lastObserved)"
        case .operationFailed(let message):
            return message
        }
    }

    /// The server's Status, when it sent one.
    public var status: APIStatus? {
        if case .api(let status, _) = self { return status }
        return nil
    }

    public var isNotFound: Bool { status?.code == 404 }
    public var isConflict: Bool { status?.code == 409 && status?.reason == "Conflict" }
    public var isAlreadyExists: Bool { status?.code == 409 && status?.reason == "AlreadyExists" }
    public var isGone: Bool { status?.code == 410 }

    /// Worth repeating an idempotent request: throttling, server errors, lost connections, timeouts.
    public var isTransient: Bool {
        switch self {
        case .api(let status, _): return status.code == 429 || status.code >= 500
        case .unreachable, .timeout: return true
        default: return false
        }
    }
}
