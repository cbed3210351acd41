import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel

@Suite("Client core: requests, errors, retries")
struct ClientCoreTests {
    @Test("requests carry the path, encoded query, bearer token and patch content type")
    func requestBuilding() async throws {
        let transport = FakeTransport { _, _ in .init(200, #"{"items":[],"metadata":{"resourceVersion":"7"}}"#) }
        let client = try makeClient(transport)
        let list = try await client.list(.replicaSets, labelSelector: "app=web,rollouts-pod-template-hash in (a,b)")
        #expect(list.resourceVersion == "7")
        let transportTwo = FakeTransport { _, _ in .init(200, "{}") }
        let clientTwo = try makeClient(transportTwo)
        _ = try await clientTwo.patch(.rollouts, name: "web", ["status": ["abort": true]], subresource: "status")
        let get = try #require(transport.requests.first)
        #expect(get.method == "GET")
        #expect(get.url == "https://kube.test:6443/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dweb%2Crollouts-pod-template-hash%20in%20%28a%2Cb%29")
        #expect(get.headers.contains { $0 == ("Authorization", "Bearer t0k") })
        let patch = try #require(transportTwo.requests.first)
        #expect(patch.method == "PATCH")
        #expect(patch.url == "https://kube.test:6443/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/status")
        #expect(patch.headers.contains { $0 == ("Content-Type", "application/merge-patch+json") })
        #expect(patch.body.map { String(decoding: $0, as: UTF8.self) } == #"{"status":{"abort":true}}"#)
    }

    @Test("GET is retried after 503 and 429 (honouring Retry-After) until it succeeds")
    func retriesIdempotent() async throws {
        let transport = FakeTransport { _, index in
            switch index {
            case 0: return .init(503, "")
            case 1: return .init(429, "", headers: ["retry-after": "1"])
            default: return .init(200, #"{"metadata":{"name":"cm"}}"#)
            }
        }
        let object = try await makeClient(transport).get(.configMaps, name: "cm")
        #expect(object.name == "cm")
        #expect(transport.requests.count == 3)
    }

    @Test("gives up after the policy's attempts with the last error")
    func retriesExhausted() async throws {
        let transport = FakeTransport { _, _ in .status(APIStatus(code: 500, reason: "InternalError", message: "boom")) }
        let error = await #expect(throws: KubeError.self) { try await makeClient(transport).get(.configMaps, name: "cm") }
        #expect(transport.requests.count == 4)
        #expect(error?.status?.code == 500)
    }

    @Test("a PATCH or POST is never repeated after a 500 or a lost connection (the server may have applied it)")
    func noBlindRetryOfWrites() async throws {
        let transport = FakeTransport { _, _ in .status(APIStatus(code: 500, reason: "InternalError", message: "boom")) }
        let client = try makeClient(transport)
        await #expect(throws: KubeError.self) { try await client.patch(.rollouts, name: "web", ["spec": ["paused": true]]) }
        await #expect(throws: KubeError.self) { try await client.create(.configMaps, ["metadata": ["name": "x"]]) }
        #expect(transport.requests.count == 2)
        let reset = FakeTransport { _, _ in throw TransportFailure(kind: .connectionLost, detail: "connection reset by peer") }
        await #expect(throws: KubeError.self) { try await makeClient(reset).patch(.rollouts, name: "web", [:]) }
        #expect(reset.requests.count == 1)
    }

    @Test("a write refused with 429 is repeated: the server did not act on it")
    func throttledWrite() async throws {
        let transport = FakeTransport { _, index in index == 0 ? .init(429, "", headers: ["retry-after": "0"]) : .init(201, #"{"metadata":{"name":"x"}}"#) }
        let created = try await makeClient(transport).create(.configMaps, ["metadata": ["name": "x"]])
        #expect(created.name == "x")
        #expect(transport.requests.count == 2)
    }

    @Test("401 refreshes the credential and retries once, then reports the server and source")
    func unauthorized() async throws {
        let transport = FakeTransport { request, _ in
            request.headers.contains { $0 == ("Authorization", "Bearer fresh") } ? .init(200, "{}") : .status(.unauthorized)
        }
        let credentials = CountingCredential(tokens: ["stale", "fresh"])
        _ = try await makeClient(transport, credentials: credentials).get(.configMaps, name: "x")
        #expect(credentials.invalidations == 1)
        let always = FakeTransport { _, _ in .status(.unauthorized) }
        let error = await #expect(throws: KubeError.self) { try await makeClient(always).get(.configMaps, name: "x") }
        #expect(always.requests.count == 2)
        #expect(error?.description.contains("the API server at https://kube.test:6443 rejected tandem's credentials") == true)
    }

    @Test("403 names the verb, resource and namespace, and prints the RBAC rule that allows it")
    func forbidden() async throws {
        let transport = FakeTransport { _, _ in
            .status(.forbidden(verb: "patch", type: .rollouts, namespace: "shop", name: "web", user: "ci"))
        }
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(transport).patch(.rollouts, name: "web", ["status": ["abort": true]], subresource: "status")
        }
        let text = error?.description ?? ""
        #expect(text.contains("tandem may not patch rollouts/status (argoproj.io) \"web\" in namespace \"shop\""))
        #expect(text.contains(#"apiGroups: ["argoproj.io"]"#))
        #expect(text.contains(#"resources: ["rollouts/status"]"#))
        #expect(text.contains(#"verbs: ["patch"]"#))
    }

    @Test("404 for the rollouts resource itself means Argo Rollouts is not installed; 404 for an object is NotFound")
    func notInstalled() async throws {
        let missingType = FakeTransport { _, _ in .init(404, "404 page not found") }
        let error = await #expect(throws: KubeError.self) { try await makeClient(missingType).list(.rollouts) }
        guard case .argoRolloutsNotInstalled = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(error?.description.contains("kubectl apply -n argo-rollouts") == true)
        let missingObject = FakeTransport { _, _ in .status(.notFound(.rollouts, "web")) }
        let notFound = await #expect(throws: KubeError.self) { try await makeClient(missingObject).get(.rollouts, name: "web") }
        #expect(notFound?.isNotFound == true)
        #expect(notFound?.description == "rollouts.argoproj.io \"web\" not found in namespace \"shop\"")
    }

    @Test("connection and TLS failures name the server URL and the cause")
    func transportFailures() async throws {
        for (kind, fragment) in [(TransportFailure.Kind.connectionRefused, "cannot reach the API server at https://kube.test:6443: connection refused"),
                                 (.dns, "cannot reach the API server at https://kube.test:6443: cannot resolve"),
                                 (.tls, "TLS failure talking to https://kube.test:6443")] {
            let transport = FakeTransport { _, _ in
                throw TransportFailure(kind: kind, detail: kind == .dns ? "cannot resolve the host name" : kind == .tls ? "bad cert" : "connection refused")
            }
            let error = await #expect(throws: KubeError.self) {
                try await makeClient(transport, retry: .never).get(.configMaps, name: "x")
            }
            #expect(error?.description.contains(fragment) == true, "\(String(describing: error))")
        }
    }

    @Test("delete treats NotFound as done; createIdempotent accepts equal content and rejects different content")
    func idempotentWrites() async throws {
        let gone = FakeTransport { _, _ in .status(.notFound(.configMaps, "x")) }
        #expect(try await makeClient(gone).delete(.configMaps, name: "x") == false)
        let existing = #"{"metadata":{"name":"x","namespace":"shop","resourceVersion":"3"},"data":{"K":"v"}}"#
        let exists = FakeTransport { request, _ in request.method == "POST" ? .status(.alreadyExists(.configMaps, "x")) : .init(200, existing) }
        let same = try await makeClient(exists).createConfigMap(ConfigMap.make(name: "x", namespace: "shop", data: ["K": "v"]))
        #expect(same.resourceVersion == "3")
        let error = await #expect(throws: KubeError.self) {
            try await makeClient(exists).createConfigMap(ConfigMap.make(name: "x", namespace: "shop", data: ["K": "other"]))
        }
        #expect(error?.isAlreadyExists == true)
    }

    @Test("retry delays grow, stay jittered within bounds, and honour a capped Retry-After")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1), maxRetryAfter: .seconds(10))
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: nil, random: { $0.upperBound }) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, retryAfterSeconds: nil, random: { $0.upperBound }) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 3, retryAfterSeconds: nil, random: { $0.lowerBound }) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 10, retryAfterSeconds: nil, random: { $0.upperBound }) == .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 3) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfterSeconds: 600) == .seconds(10))
    }
}
