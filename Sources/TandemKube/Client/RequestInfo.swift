import TandemKubeModel

/// What a request was trying to do, in the terms RBAC and a person use.
public struct RequestInfo: Sendable, Equatable, CustomStringConvertible {
    public var method: String
    public var path: String
    /// RBAC verb: get, list, watch, create, update, patch, delete.
    public var verb: String
    public var resource: ResourceType?
    /// `status`, `proxy`, … when the request targets a subresource.
    public var subresource: String?
    public var namespace: String?
    public var name: String?

    public init(method: String, path: String, verb: String, resource: ResourceType? = nil, subresource: String? = nil,
                namespace: String? = nil, name: String? = nil) {
        self.method = method
        self.path = path
        self.verb = verb
        self.resource = resource
        self.subresource = subresource
        self.namespace = namespace
        self.name = name
    }

    /// `rollouts/status` — the RBAC resource name.
    public var rbacResource: String {
        guard let resource else { return path }
        return subresource.map { "\(resource.plural)/\($0)" } ?? resource.plural
    }

    /// `patch rollouts/status "web" in namespace "shop"`.
    public var description: String {
        var text = "\(verb) \(rbacResource)"
        if let resource, !resource.group.isEmpty { text += " (\(resource.group))" }
        if let name { text += " \"\(name)\"" }
        if let namespace { text += " in namespace \"\(namespace)\"" }
        return text
    }

    /// A Role rule that allows this request.
    public var rbacRule: String {
        let group = resource?.group ?? ""
        return """
          - apiGroups: ["\(group)"]
            resources: ["\(rbacResource)"]
            verbs: ["\(verb)"]
        """
    }
}
