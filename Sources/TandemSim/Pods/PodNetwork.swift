import TandemKubeModel

/// How the API server's proxy endpoints reach the simulated pods. The implementation answers
/// as the simulated pod behind the Service (or the named pod) would: a JSON document naming
/// the pod, its version and the configuration it read at start (see docs/simulator.md).
public protocol PodNetwork: Sendable {
    /// GET through `/api/v1/namespaces/{ns}/services/{name}:{port}/proxy/{path}` (port may be a name or number or absent).
    /// Throws APIStatus 503 ServiceUnavailable "no endpoints available for service \"x\"" when no ready pod selected.
    func proxyToService(namespace: String, service: String, port: String?, path: String) async throws(APIStatus) -> JSON
    /// GET through `/api/v1/namespaces/{ns}/pods/{name}:{port}/proxy/{path}`.
    func proxyToPod(namespace: String, pod: String, port: String?, path: String) async throws(APIStatus) -> JSON
}
