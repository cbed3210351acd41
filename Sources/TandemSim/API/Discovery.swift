import TandemKubeModel

/// The discovery documents kubectl and clients read before anything else (legacy, non-aggregated form).
enum Discovery {
    static let knownGroups = ["apps", "argoproj.io", "coordination.k8s.io", "authorization.k8s.io"]

    static var version: JSON {
        [
            "major": "1", "minor": "32", "gitVersion": "v1.32.0-tandem-sim", "gitCommit": "0000000000000000000000000000000000000000",
            "gitTreeState": "clean", "buildDate": "2026-01-01T00:00:00Z", "goVersion": "go1.23.0", "compiler": "gc",
            "platform": "linux/amd64",
        ]
    }

    static var coreVersions: JSON {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1"]]]
    }

    private static func groupJSON(_ name: String) -> JSON {
        let version = ResourceType.served.first { $0.group == name }?.version ?? "v1"
        let gv: JSON = ["groupVersion": .string("\(name)/\(version)"), "version": .string(version)]
        return ["name": .string(name), "versions": [gv], "preferredVersion": gv]
    }

    static var groupList: JSON {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(knownGroups.map(groupJSON))]
    }

    static func group(_ name: String) -> JSON {
        var g = groupJSON(name)
        g["kind"] = "APIGroup"
        g["apiVersion"] = "v1"
        return g
    }

    /// `APIResourceList` for one group/version, or nil when we do not serve it.
    static func resourceList(group: String, version: String) -> JSON? {
        let types = ResourceType.served.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var resources: [JSON] = []
        for type in types {
            var r: JSON = [
                "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
                "kind": .string(type.kind), "verbs": .array(type.verbs.map(JSON.string)),
            ]
            if !type.shortNames.isEmpty { r["shortNames"] = .array(type.shortNames.map(JSON.string)) }
            if type == .rollouts || type == .pods || type == .services || type == .replicaSets || type == .configMaps {
                r["categories"] = ["all"]
            }
            resources.append(r)
            if type.hasStatusSubresource {
                resources.append(["name": .string("\(type.plural)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "kind": .string(type.kind), "verbs": ["get", "patch", "update"]])
            }
            if type == .services || type == .pods {
                resources.append(["name": .string("\(type.plural)/proxy"), "singularName": "", "namespaced": true,
                                  "kind": .string(type == .pods ? "PodProxyOptions" : "ServiceProxyOptions"),
                                  "verbs": ["create", "delete", "get", "patch", "update"]])
            }
        }
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(types[0].apiVersion),
                "resources": .array(resources)]
    }
}
