import Foundation
import Testing
import TandemKubeModel
@testable import TandemSim

/// Authorization before existence: the API server authorizes in its filter chain, from the
/// request's attributes alone (apiserver/pkg/endpoints/request/requestinfo.go `RequestInfoFactory`,
/// filters/authorization.go), before any handler looks the object or its type up — so a caller
/// without the permission gets 403 Forbidden for a missing object (or an unknown resource), not 404.
@Suite("Authorization before existence")
struct AuthorizationTests {
    @Test("request attributes are parsed from the URL as RequestInfoFactory does", arguments: [
        ("GET", "/api/v1/namespaces/shop/pods", "", "list", "", "shop", "pods", "", ""),
        ("GET", "/api/v1/namespaces/shop/pods", "watch=true", "watch", "", "shop", "pods", "", ""),
        ("DELETE", "/api/v1/namespaces/shop/configmaps", "", "deletecollection", "", "shop", "configmaps", "", ""),
        ("DELETE", "/api/v1/namespaces/shop/configmaps/c", "", "delete", "", "shop", "configmaps", "", "c"),
        ("PATCH", "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/status", "", "patch", "argoproj.io", "shop", "rollouts", "status", "web"),
        ("PUT", "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/scale", "", "update", "argoproj.io", "shop", "rollouts", "scale", "web"),
        ("POST", "/apis/example.com/v1/namespaces/shop/widgets", "", "create", "example.com", "shop", "widgets", "", ""),
        ("DELETE", "/api/v1/namespaces/shop", "", "delete", "", "shop", "namespaces", "", "shop"),
        ("PUT", "/api/v1/namespaces/shop/finalize", "", "update", "", "shop", "namespaces", "finalize", "shop"),
        ("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "", "create", "authorization.k8s.io", "", "selfsubjectaccessreviews", "", ""),
    ])
    func attributes(_ method: String, _ path: String, _ query: String, _ verb: String, _ group: String, _ namespace: String,
                    _ resource: String, _ subresource: String, _ name: String) {
        let parsed = RequestAttributes(method: method, path: path, query: query.isEmpty ? [:] : ["watch": "true"])
        #expect(parsed.isResourceRequest)
        #expect([parsed.verb, parsed.apiGroup, parsed.namespace, parsed.resource, parsed.subresource, parsed.name]
                == [verb, group, namespace, resource, subresource, name])
    }

    @Test("non-resource paths take the HTTP method as their verb")
    func nonResource() {
        let post = RequestAttributes(method: "POST", path: "/version", query: [:])
        #expect(!post.isResourceRequest)
        #expect(post.verb == "post")
        #expect(post.denial(for: .readOnly)?.message == #"forbidden: User "tandem-sim-readonly" cannot post path "/version""#)
        #expect(RequestAttributes(method: "GET", path: "/apis/argoproj.io", query: [:]).denial(for: .readOnly) == nil)
    }

    /// Every write a read-only caller might try, on objects that exist and that do not, on known
    /// and unknown resources: (method, path, body).
    static let writes: [(String, String, JSON?)] = [
        ("POST", "/api/v1/namespaces/shop/configmaps", ["metadata": ["name": "new"]]),
        ("PUT", "/api/v1/namespaces/shop/configmaps/c", ["metadata": ["name": "c"]]),
        ("PATCH", "/api/v1/namespaces/shop/configmaps/c", ["data": ["a": "2"]]),
        ("DELETE", "/api/v1/namespaces/shop/configmaps/c", nil),
        ("DELETE", "/api/v1/namespaces/shop/configmaps/missing", nil),
        ("DELETE", "/api/v1/namespaces/shop/configmaps", nil),
        ("PATCH", "/api/v1/namespaces/shop/configmaps/c/status", ["status": [:]]),
        ("PATCH", "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/missing/scale", ["spec": ["replicas": 3]]),
        ("DELETE", "/apis/example.com/v1/namespaces/shop/widgets/w", nil),
        ("DELETE", "/api/v1/namespaces/elsewhere", nil),
    ]

    private func expectForbidden(_ client: HTTPTestClient, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        for (method, path, body) in Self.writes {
            let reply = try await client.send(method, path, body, contentType: method == "PATCH" ? "application/merge-patch+json" : "application/json")
            #expect(reply.status == 403, "\(method) \(path): \(reply.status) \(reply.json)", sourceLocation: sourceLocation)
            #expect(reply.json["kind"] == "Status" && reply.json["reason"] == "Forbidden", "\(method) \(path): \(reply.json)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("the read-only token gets 403 Forbidden for every write, even of a missing object or an unknown resource")
    func readOnlyTokenWrites() async throws {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions())
        let admin = HTTPTestClient(baseURL: cluster.baseURL, token: cluster.adminToken)
        _ = try await admin.send("POST", "/api/v1/namespaces/shop/configmaps", ["metadata": ["name": "c"], "data": ["a": "1"]])
        let reader = HTTPTestClient(baseURL: cluster.baseURL, token: cluster.readOnlyToken)
        try await expectForbidden(reader)
        let missing = try await reader.send("DELETE", "/api/v1/namespaces/shop/configmaps/missing")
        #expect(missing.json["message"] == #"configmaps "missing" is forbidden: User "tandem-sim-readonly" cannot delete resource "configmaps" in API group "" in the namespace "shop""#)
        #expect(missing.json["details"] == ["name": "missing", "kind": "configmaps"])
        let status = try await reader.send("PATCH", "/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/status", ["status": [:]],
                                           contentType: "application/merge-patch+json")
        #expect(status.json["message"] == #"rollouts.argoproj.io "web" is forbidden: User "tandem-sim-readonly" cannot patch resource "rollouts/status" in API group "argoproj.io" in the namespace "shop""#)
        // Reads stay allowed; the objects are untouched.
        #expect(try await reader.send("GET", "/api/v1/namespaces/shop/configmaps/c").json["data"]["a"] == "1")
        #expect(try await reader.send("GET", "/api/v1/namespaces/shop/configmaps/missing").status == 404)
        await cluster.stop()
    }

    @Test("plain HTTP: under the read-only path prefix (kubectl sends no token to http://) every write is 403 and reads work")
    func readOnlyPathPrefix() async throws {
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions())
        let admin = HTTPTestClient(baseURL: cluster.baseURL)
        _ = try await admin.send("POST", "/api/v1/namespaces/shop/configmaps", ["metadata": ["name": "c"], "data": ["a": "1"]])
        let prefixed = URL(string: cluster.baseURL.absoluteString + Authenticator.readOnlyPathPrefix)!
        try await expectForbidden(HTTPTestClient(baseURL: prefixed))
        try await expectForbidden(HTTPTestClient(baseURL: prefixed, token: cluster.adminToken))    // the prefix only lowers rights
        #expect(try await HTTPTestClient(baseURL: prefixed).send("GET", "/api/v1/namespaces/shop/configmaps/c").json["data"]["a"] == "1")
        #expect(try await HTTPTestClient(baseURL: prefixed).send("GET", "/api").status == 200)
        #expect(try await HTTPTestClient(baseURL: prefixed, token: "bogus").send("GET", "/api").status == 401)
        #expect(cluster.kubeconfigYAML.contains("server: \(cluster.baseURL.absoluteString)\(Authenticator.readOnlyPathPrefix)"))
        await cluster.stop()
    }

    @Test("kubectl --context tandem-sim-readonly: create, delete of a missing object, patch and apply are Forbidden on HTTP and TLS",
          .enabled(if: Kubectl.runnable, Kubectl.skipReason), arguments: [false, true])
    func kubectlReadOnly(tls: Bool) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-authz-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let kubeconfig = dir.appendingPathComponent("sim.kubeconfig").path
        let cluster = try await SimulatedCluster.start(options: SimulatedClusterOptions(tls: tls, kubeconfigOut: kubeconfig))
        let k = Kubectl(kubeconfig: kubeconfig, cacheDir: dir.appendingPathComponent("cache").path)
        let configMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: \"1\"\n"
        try await k.ok(["create", "-f", "-"], stdin: configMap)
        let ro = ["--context", "tandem-sim-readonly"]
        #expect(try await k.ok(ro + ["get", "cm", "c", "-o", "jsonpath={.data.a}"]).out == "1")
        let attempts: [([String], String?)] = [
            (["create", "-f", "-"], configMap.replacingOccurrences(of: "name: c", with: "name: refused")),
            (["delete", "cm", "missing"], nil),
            (["delete", "cm", "c"], nil),
            (["patch", "cm", "c", "--type", "merge", "-p", #"{"data":{"a":"2"}}"#], nil),
            (["apply", "-f", "-"], configMap.replacingOccurrences(of: "\"1\"", with: "\"3\"")),
            (["create", "configmap", "other", "--from-literal=a=1"], nil),
        ]
        for (args, stdin) in attempts {
            let result = try await k.run(ro + args, stdin: stdin)
            #expect(result.status != 0, "kubectl \(args.joined(separator: " ")) was accepted (tls: \(tls))")
            #expect(result.err.contains("Forbidden") || result.err.contains("forbidden"), "kubectl \(args.joined(separator: " ")): \(result.err)")
            #expect(!result.err.contains("NotFound"), "\(result.err)")
        }
        #expect(try await k.ok(["get", "cm", "c", "-o", "jsonpath={.data.a}"]).out == "1")
        #expect(try await k.run(["get", "cm", "refused"]).status != 0)
        await cluster.stop()
    }
}
