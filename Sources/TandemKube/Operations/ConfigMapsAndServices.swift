import TandemKubeModel

/// Typed shortcuts for the ConfigMaps and Services tandem creates (pinned Services, versioned ConfigMaps).
extension KubeClient {
    public func configMap(_ name: String, namespace: String? = nil) async throws(KubeError) -> ConfigMap {
        ConfigMap(try await get(.configMaps, namespace: namespace, name: name))
    }

    /// Creates it; an existing ConfigMap with the same content is fine, different content is an error.
    @discardableResult
    public func createConfigMap(_ configMap: ConfigMap) async throws(KubeError) -> ConfigMap {
        ConfigMap(try await createIdempotent(.configMaps, namespace: configMap.namespace, configMap.raw))
    }

    /// Deletes it; already gone is fine (returns false).
    @discardableResult
    public func deleteConfigMap(_ name: String, namespace: String? = nil) async throws(KubeError) -> Bool {
        try await delete(.configMaps, namespace: namespace, name: name)
    }

    public func configMaps(namespace: String? = nil, labelSelector: String? = nil) async throws(KubeError) -> [ConfigMap] {
        try await list(.configMaps, namespace: namespace, labelSelector: labelSelector).items.map(ConfigMap.init)
    }

    public func service(_ name: String, namespace: String? = nil) async throws(KubeError) -> Service {
        Service(try await get(.services, namespace: namespace, name: name))
    }

    @discardableResult
    public func createService(_ service: Service) async throws(KubeError) -> Service {
        Service(try await createIdempotent(.services, namespace: service.namespace, service.raw))
    }

    @discardableResult
    public func deleteService(_ name: String, namespace: String? = nil) async throws(KubeError) -> Bool {
        try await delete(.services, namespace: namespace, name: name)
    }

    public func services(namespace: String? = nil, labelSelector: String? = nil) async throws(KubeError) -> [Service] {
        try await list(.services, namespace: namespace, labelSelector: labelSelector).items.map(Service.init)
    }

    public func pods(namespace: String? = nil, labelSelector: String? = nil) async throws(KubeError) -> [Pod] {
        try await list(.pods, namespace: namespace, labelSelector: labelSelector).items.map(Pod.init)
    }
}
