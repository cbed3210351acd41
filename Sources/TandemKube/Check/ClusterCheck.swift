import TandemKubeModel

/// One line of `tandem kube check`.
public struct CheckResult: Sendable, Equatable {
    public var name: String
    public var ok: Bool
    public var detail: String
}

/// A permission tandem needs, as RBAC names it.
public struct RequiredPermission: Sendable, Equatable {
    public var verb: String
    public var type: ResourceType
    public var subresource: String?

    public var resource: String { subresource.map { "\(type.plural)/\($0)" } ?? type.plural }
    public var label: String { "\(verb) \(type.group.isEmpty ? resource : "\(resource).\(type.group)")" }

    /// Everything tandem reads and writes in a release namespace.
    public static let all: [RequiredPermission] = {
        func p(_ verbs: [String], _ type: ResourceType, _ sub: String? = nil) -> [RequiredPermission] {
            verbs.map { RequiredPermission(verb: $0, type: type, subresource: sub) }
        }
        return p(["get", "list", "watch", "update", "patch"], .rollouts) + p(["patch"], .rollouts, "status")
            + p(["get", "list", "watch"], .replicaSets)
            + p(["get", "create", "delete", "list"], .configMaps) + p(["get", "create", "delete", "list"], .services)
            + p(["get", "list"], .pods) + p(["get"], .services, "proxy")
            + p(["get", "create", "update"], .leases)
    }()
}

extension KubeClient {
    /// Connectivity, server version, the Argo Rollouts CRD and every permission tandem needs in `namespace`.
    public func check(namespace: String? = nil) async -> [CheckResult] {
        let ns = namespace ?? self.namespace
        var results: [CheckResult] = []
        do {
            let version = try await getPath("/version")
            results.append(CheckResult(name: "connectivity", ok: true, detail: "\(server) (\(connection.source))"))
            results.append(CheckResult(name: "server version", ok: true, detail: version["gitVersion"].stringValue ?? "unknown"))
        } catch {
            results.append(CheckResult(name: "connectivity", ok: false, detail: error.description))
            return results
        }
        do {
            let group = try await getPath("/apis/argoproj.io/v1alpha1", resource: .rollouts)
            let names = (group["resources"].arrayValue ?? []).compactMap { $0["name"].stringValue }
            if names.contains("rollouts") {
                results.append(CheckResult(name: "Argo Rollouts CRD", ok: true, detail: "argoproj.io/v1alpha1 rollouts"
                    + (names.contains("rollouts/status") ? " (with status subresource)" : "")))
            } else {
                results.append(CheckResult(name: "Argo Rollouts CRD", ok: false,
                                           detail: KubeError.argoRolloutsNotInstalled(server: server).description))
            }
        } catch {
            let notInstalled: Bool
            if case .argoRolloutsNotInstalled = error { notInstalled = true } else { notInstalled = error.isNotFound }
            results.append(CheckResult(name: "Argo Rollouts CRD", ok: false,
                                       detail: notInstalled ? KubeError.argoRolloutsNotInstalled(server: server).description : error.description))
        }
        for permission in RequiredPermission.all {
            results.append(await check(permission, namespace: ns))
        }
        return results
    }

    /// Asks the API server (SelfSubjectAccessReview) whether we may do this.
    public func check(_ permission: RequiredPermission, namespace: String) async -> CheckResult {
        var attributes: JSON = ["namespace": .string(namespace), "verb": .string(permission.verb),
                                "group": .string(permission.type.group), "resource": .string(permission.type.plural)]
        if let sub = permission.subresource { attributes["subresource"] = .string(sub) }
        let review: JSON = ["apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
                            "spec": ["resourceAttributes": attributes]]
        let name = "\(permission.label) in \(namespace)"
        do {
            let answer = try await create(.selfSubjectAccessReviews, review)
            if answer[path: ["status", "allowed"]].boolValue == true {
                return CheckResult(name: name, ok: true, detail: "allowed")
            }
            let reason = answer[path: ["status", "reason"]].stringValue.map { $0.isEmpty ? "" : ": \($0)" } ?? ""
            let info = RequestInfo(method: "", path: "", verb: permission.verb, resource: permission.type,
                                   subresource: permission.subresource, namespace: namespace)
            return CheckResult(name: name, ok: false, detail: "denied\(reason); grant it with:\n\(info.rbacRule)")
        } catch {
            return CheckResult(name: name, ok: false, detail: "cannot check: \(error.description)")
        }
    }
}
