import TandemKubeModel

/// Where the engine reads cluster objects from: `ClusterCache` (watches, no request per read) during a
/// release, `LiveReads` (one request per read) for one-shot commands. Writes always go through
/// `client`; the cache serves nothing older than the client's own last write (`WriteLedger`).
public protocol KubeReads: Sendable {
    var client: KubeClient { get }
    /// The object, or nil when it does not exist. `namespace` nil = the client's namespace.
    func object(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSON?
    /// The objects of the namespace whose labels match `labelSelector` (nil = all).
    func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?) async throws(KubeError) -> [JSON]
    /// The matching objects once `until` holds for them, or as they are at `deadline`. The cache waits for
    /// its watch; a live read lists once (a caller that needs more polls itself).
    func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?,
                 until: @escaping @Sendable ([JSON]) -> Bool, deadline: ContinuousClock.Instant) async throws(KubeError) -> [JSON]
    /// Waits until the named object satisfies `condition` (nil = absent), like `KubeClient.waitFor`.
    func waitFor(_ type: ResourceType, name: String, namespace: String?, until condition: WaitCondition<JSON?>,
                 deadline: ContinuousClock.Instant, describe: @escaping @Sendable (JSON?) -> String) async throws(KubeError) -> JSON?
}

/// Every read is a request to the API server.
public struct LiveReads: KubeReads {
    public let client: KubeClient

    public init(client: KubeClient) { self.client = client }

    public func object(_ type: ResourceType, namespace: String?, name: String) async throws(KubeError) -> JSON? {
        try await client.getIfPresent(type, namespace: namespace, name: name)
    }

    public func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?) async throws(KubeError) -> [JSON] {
        try await client.list(type, namespace: namespace, labelSelector: labelSelector?.description).items
    }

    public func objects(_ type: ResourceType, namespace: String?, labelSelector: LabelSelector?,
                        until: @escaping @Sendable ([JSON]) -> Bool, deadline: ContinuousClock.Instant) async throws(KubeError) -> [JSON] {
        try await objects(type, namespace: namespace, labelSelector: labelSelector)
    }

    public func waitFor(_ type: ResourceType, name: String, namespace: String?, until condition: WaitCondition<JSON?>,
                        deadline: ContinuousClock.Instant, describe: @escaping @Sendable (JSON?) -> String) async throws(KubeError) -> JSON? {
        try await client.waitFor(type, name: name, namespace: namespace, until: condition, deadline: deadline, describe: describe)
    }
}

extension KubeReads {
    /// The object; a 404 KubeError (as the API server words it) when it does not exist.
    public func required(_ type: ResourceType, namespace: String? = nil, name: String) async throws(KubeError) -> JSON {
        if let object = try await object(type, namespace: namespace, name: name) { return object }
        let info = client.info("GET", "get", type, namespace: namespace, name: name)
        let qualified = type.group.isEmpty ? type.plural : "\(type.plural).\(type.group)"
        throw KubeError.api(APIStatus(code: 404, reason: "NotFound", message: "\(qualified) \"\(name)\" not found",
                                      details: ["name": .string(name), "kind": .string(type.plural)]), info)
    }

    public func rollout(_ name: String, namespace: String? = nil) async throws(KubeError) -> Rollout {
        Rollout(try await required(.rollouts, namespace: namespace, name: name))
    }

    /// Waits until the rollout meets `condition` or `deadline` passes (then `KubeError.waitTimedOut`
    /// with what was awaited and the last observed state). A missing rollout waits for it to appear.
    @discardableResult
    public func waitForRollout(_ name: String, namespace: String? = nil, until condition: RolloutCondition,
                               deadline: ContinuousClock.Instant) async throws(KubeError) -> Rollout {
        let wait = WaitCondition<JSON?>(condition.description, failure: { $0.flatMap { condition.failure(Rollout($0)) } }) {
            $0.map { condition.isSatisfied(Rollout($0)) } ?? false
        }
        let object = try await waitFor(.rollouts, name: name, namespace: namespace, until: wait, deadline: deadline,
                                       describe: { $0.map { Rollout($0).stateSummary } ?? "not found" })
        guard let object else { throw KubeError.operationFailed("rollout \(name) disappeared") }
        return Rollout(object)
    }

    /// Read-modify-write of the raw Rollout starting from the object read here (the cache's copy, which
    /// is never older than this client's last write); a 409 Conflict starts over from a fresh GET.
    @discardableResult
    public func updateRollout(_ name: String, namespace: String? = nil,
                              _ transform: @Sendable (JSON) throws -> JSON) async throws -> Rollout {
        let current = try await required(.rollouts, namespace: namespace, name: name)
        let written = try await client.readModifyWrite(.rollouts, name: name, namespace: namespace, startingFrom: current, transform)
        return Rollout(written ?? current)
    }
}
