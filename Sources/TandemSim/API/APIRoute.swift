import TandemKubeModel

/// Where a request path points in the Kubernetes REST layout.
enum APIRoute: Equatable {
    case version
    case coreVersions                          // /api
    case groupList                             // /apis
    case group(String)                         // /apis/<g>
    case resourceList(group: String, version: String)   // /api/v1, /apis/<g>/<v>
    case openAPI                               // /openapi/v2, /openapi/v3…
    case health                                // /healthz, /livez, /readyz
    case collection(ResourceType, namespace: String?)
    case object(ResourceType, namespace: String?, name: String)
    case status(ResourceType, namespace: String?, name: String)
    case scale(ResourceType, namespace: String?, name: String)   // rollouts/NAME/scale
    case proxy(ResourceType, namespace: String, name: String, port: String?, path: String)
    case notFound

    static func parse(_ path: String) -> APIRoute {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let first = segments.first else { return .notFound }
        switch first {
        case "version": return segments.count == 1 ? .version : .notFound
        case "healthz", "livez", "readyz": return .health
        case "openapi": return .openAPI
        case "api":
            if segments.count == 1 { return .coreVersions }
            guard segments[1] == "v1" else { return .notFound }
            if segments.count == 2 { return .resourceList(group: "", version: "v1") }
            return resource(group: "", version: "v1", Array(segments.dropFirst(2)))
        case "apis":
            if segments.count == 1 { return .groupList }
            if segments.count == 2 { return Discovery.knownGroups.contains(segments[1]) ? .group(segments[1]) : .notFound }
            if segments.count == 3 { return .resourceList(group: segments[1], version: segments[2]) }
            return resource(group: segments[1], version: segments[2], Array(segments.dropFirst(3)))
        default:
            return .notFound
        }
    }

    private static func type(_ group: String, _ version: String, _ plural: String) -> ResourceType? {
        ResourceType.served.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    private static func resource(group: String, version: String, _ rest: [String]) -> APIRoute {
        var rest = rest
        var namespace: String?
        if group.isEmpty, rest.count == 3, rest[0] == "namespaces", rest[2] == "status" {
            return .status(.namespaces, namespace: nil, name: rest[1])
        }
        if rest.count >= 3, rest[0] == "namespaces" {
            namespace = rest[1]
            rest.removeFirst(2)
        }
        guard let type = type(group, version, rest[0]) else { return .notFound }
        if namespace != nil, !type.namespaced { return .notFound }
        switch rest.count {
        case 1: return .collection(type, namespace: namespace)
        case 2: return .object(type, namespace: namespace, name: rest[1])
        default:
            if rest[2] == "status", rest.count == 3 {
                return .status(type, namespace: namespace, name: rest[1])
            }
            if rest[2] == "scale", rest.count == 3, type == .rollouts {
                return .scale(type, namespace: namespace, name: rest[1])
            }
            if rest[2] == "proxy", let namespace, type == .services || type == .pods {
                let target = rest[1].split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                // `name`, `name:port` or `scheme:name:port`
                let (name, port): (String, String?) = switch target.count {
                case 1: (target[0], nil)
                case 2: (target[0], target[1].isEmpty ? nil : target[1])
                default: (target[1], target[2].isEmpty ? nil : target[2])
                }
                let path = "/" + rest.dropFirst(3).joined(separator: "/")
                return .proxy(type, namespace: namespace, name: name, port: port, path: path)
            }
            return .notFound
        }
    }
}
