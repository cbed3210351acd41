import Foundation
import Testing
@testable import TandemKube

@Suite("kubeconfig resolution")
struct KubeConfigTests {
    static func config(cluster: String = "c1", server: String = "https://a.example:6443", context: String = "ctx1",
                       user: String = "u1", current: String? = "ctx1", namespace: String? = "team-a", token: String = "tok-a") -> String {
        """
        apiVersion: v1
        kind: Config
        \(current.map { "current-context: \($0)" } ?? "")
        clusters:
        - name: \(cluster)
          cluster:
            server: \(server)
            insecure-skip-tls-verify: true
        contexts:
        - name: \(context)
          context:
            cluster: \(cluster)
            user: \(user)
            \(namespace.map { "namespace: \($0)" } ?? "")
        users:
        - name: \(user)
          user:
            token: \(token)
        """
    }

    @Test("the context name a resolver uses: --context, else the current-context; nil without one or without a kubeconfig")
    func contextName() {
        let dir = TempDir()
        let file = dir.write("config", Self.config(current: "ctx1"))
        let env = ["HOME": dir.path, "KUBECONFIG": "/nonexistent"]
        #expect(ConfigResolver(kubeconfig: file, environment: env).contextName() == "ctx1")
        #expect(ConfigResolver(kubeconfig: file, context: "other", environment: env).contextName() == "other")
        let none = dir.write("none", Self.config(current: nil))
        #expect(ConfigResolver(kubeconfig: none, environment: env).contextName() == nil)
        #expect(ConfigResolver(environment: ["HOME": dir.path + "/empty"]).contextName() == nil)
    }

    @Test("--kubeconfig wins; the context's namespace applies unless --namespace is given")
    func explicitFile() throws {
        let dir = TempDir()
        let file = dir.write("config", Self.config())
        let env = ["HOME": dir.path, "KUBECONFIG": "/nonexistent"]
        let connection = try ConfigResolver(kubeconfig: file, environment: env).resolve()
        #expect(connection.server == "https://a.example:6443")
        #expect(connection.namespace == "team-a")
        #expect(connection.tls.insecureSkipVerify)
        guard case .token("tok-a") = connection.auth else { Issue.record("auth \(connection.auth)"); return }
        let overridden = try ConfigResolver(kubeconfig: file, namespace: "other", environment: env).resolve()
        #expect(overridden.namespace == "other")
    }

    @Test("KUBECONFIG lists merge: first file to define a name wins, current-context from the first that sets it")
    func mergeRules() throws {
        let dir = TempDir()
        let first = dir.write("one", Self.config(server: "https://first:1", current: nil, token: "first-token"))
        let second = dir.write("two", Self.config(server: "https://second:2", current: "ctx1", token: "second-token")
            + "\n- name: only-second\n  user:\n    token: x\n")
        let env = ["HOME": dir.path, "KUBECONFIG": "\(first):\(dir.path)/missing:\(second)"]
        let resolver = ConfigResolver(environment: env)
        #expect(resolver.kubeconfigFiles() == [first, second])
        let connection = try resolver.resolve()
        #expect(connection.server == "https://first:1")
        guard case .token("first-token") = connection.auth else { Issue.record("auth \(connection.auth)"); return }
    }

    @Test("~/.kube/config is used when nothing else is set")
    func homeConfig() throws {
        let dir = TempDir()
        dir.write(".kube/config", Self.config(server: "https://home:443"))
        let connection = try ConfigResolver(environment: ["HOME": dir.path]).resolve()
        #expect(connection.server == "https://home:443")
    }

    @Test("--context selects another context")
    func contextFlag() throws {
        let dir = TempDir()
        let yaml = """
        current-context: ctx1
        clusters:
        - {name: c1, cluster: {server: "https://one:1"}}
        - {name: c2, cluster: {server: "https://two:2"}}
        contexts:
        - {name: ctx1, context: {cluster: c1, user: u}}
        - {name: ctx2, context: {cluster: c2, user: u, namespace: n2}}
        users:
        - {name: u, user: {token: t}}
        """
        let path = dir.write("multi", yaml)
        let connection = try ConfigResolver(kubeconfig: path, context: "ctx2", environment: ["HOME": dir.path]).resolve()
        #expect(connection.server == "https://two:2")
        #expect(connection.namespace == "n2")
        let defaulted = try ConfigResolver(kubeconfig: path, environment: ["HOME": dir.path]).resolve()
        #expect(defaulted.namespace == "default")
    }

    @Test("a broken kubeconfig names the file, the field and the problem", arguments: [
        ("current-context: a\ncontexts:\n- {name: a, context: {cluster: x, user: u}}\nusers:\n- {name: u, user: {}}\n",
         "contexts[0].context.cluster: cluster \"x\" not found"),
        ("current-context: a\nclusters:\n- {name: c, cluster: {server: \"https://s\"}}\ncontexts:\n- {name: a, context: {cluster: c, user: nobody}}\n",
         "contexts[0].context.user: user \"nobody\" not found"),
        ("current-context: missing\ncontexts: []\n", "current-context: context \"missing\" not found"),
        ("current-context: a\nclusters:\n- {name: c, cluster: {}}\ncontexts:\n- {name: a, context: {cluster: c}}\n",
         "clusters[0].cluster.server: missing; the API server URL is required"),
        ("current-context: a\nclusters:\n- {name: c, cluster: {server: \"https://s\", certificate-authority-data: \"@@@\"}}\ncontexts:\n- {name: a, context: {cluster: c}}\n",
         "clusters[0].cluster.certificate-authority-data: not valid base64"),
        ("current-context: a\nclusters:\n- {name: c, cluster: {server: \"https://s\", certificate-authority: nope.crt}}\ncontexts:\n- {name: a, context: {cluster: c}}\n",
         "clusters[0].cluster.certificate-authority: cannot read"),
        ("current-context: a\nclusters:\n- {name: c, cluster: {server: \"https://s\"}}\ncontexts:\n- {name: a, context: {cluster: c, user: u}}\nusers:\n- {name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: x}}}\n",
         "users[0].user.exec.apiVersion: \"client.authentication.k8s.io/v1alpha1\" is not supported"),
        ("clusters: 3\n", "clusters: expected a list"),
    ])
    func brokenConfig(yaml: String, expected: String) throws {
        let dir = TempDir()
        let file = dir.write("config", yaml)
        let error = #expect(throws: KubeConfigError.self) {
            try ConfigResolver(kubeconfig: file, environment: ["HOME": "/nonexistent-home"]).resolve()
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix(file + ": "), "message was: \(text)")
        #expect(text.contains(expected), "message was: \(text)")
    }

    @Test("the home directory is shown as ~ in messages")
    func homeAbbreviation() {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "/root"
        let error = KubeConfigError(file: home + "/.kube/config", field: "contexts[0].context.cluster", "cluster \"x\" not found")
        #expect(error.description == "~/.kube/config: contexts[0].context.cluster: cluster \"x\" not found")
    }

    @Test("certificate paths are relative to the kubeconfig; inline data wins")
    func certificateMaterial() throws {
        let dir = TempDir()
        dir.write("certs/ca.crt", "CA-PEM")
        let yaml = """
        current-context: a
        clusters:
        - {name: c, cluster: {server: "https://s:1", certificate-authority: certs/ca.crt, tls-server-name: api.internal}}
        contexts:
        - {name: a, context: {cluster: c, user: u}}
        users:
        - {name: u, user: {client-certificate-data: \(Data("CERT".utf8).base64EncodedString()), client-key-data: \(Data("KEY".utf8).base64EncodedString())}}
        """
        let connection = try ConfigResolver(kubeconfig: dir.write("config", yaml), environment: [:]).resolve()
        #expect(connection.tls.certificateAuthorityPEM == Array("CA-PEM".utf8))
        #expect(connection.tls.serverName == "api.internal")
        #expect(connection.tls.clientCertificatePEM == Array("CERT".utf8))
        #expect(connection.tls.clientKeyPEM == Array("KEY".utf8))
    }

    @Test("exec settings are read with env, installHint and cluster info")
    func execSettings() throws {
        let dir = TempDir()
        let yaml = """
        current-context: a
        clusters:
        - {name: c, cluster: {server: "https://s:1"}}
        contexts:
        - {name: a, context: {cluster: c, user: u}}
        users:
        - name: u
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: aws
              args: [eks, get-token]
              env: [{name: AWS_PROFILE, value: prod}]
              installHint: install the aws CLI
              provideClusterInfo: true
              interactiveMode: Never
        """
        let connection = try ConfigResolver(kubeconfig: dir.write("config", yaml), environment: [:]).resolve()
        guard case .exec(let exec) = connection.auth else { Issue.record("auth \(connection.auth)"); return }
        #expect(exec.command == "aws")
        #expect(exec.args == ["eks", "get-token"])
        #expect(exec.env == ["AWS_PROFILE": "prod"])
        #expect(exec.installHint == "install the aws CLI")
        #expect(exec.provideClusterInfo)
        #expect(exec.clusterInfo["server"] == "https://s:1")
    }

    @Test("in-cluster: token, CA and namespace files plus the service env vars; used when no kubeconfig exists")
    func inCluster() throws {
        let dir = TempDir()
        dir.write("sa/token", "sa-token\n")
        dir.write("sa/ca.crt", "CA")
        dir.write("sa/namespace", "payments\n")
        let env = ["HOME": dir.path, "KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let connection = try ConfigResolver(environment: env, inClusterDirectory: dir.path + "/sa").resolve()
        #expect(connection.server == "https://10.0.0.1:443")
        #expect(connection.namespace == "payments")
        #expect(connection.tls.certificateAuthorityPEM == Array("CA".utf8))
        guard case .tokenFile(let path) = connection.auth else { Issue.record("auth \(connection.auth)"); return }
        #expect(path == dir.path + "/sa/token")
    }

    @Test("no configuration at all says where tandem looked and suggests --sim")
    func nothingFound() {
        let error = #expect(throws: KubeConfigError.self) {
            try ConfigResolver(environment: ["HOME": "/nonexistent-home"]).resolve()
        }
        #expect(error?.description.contains("--sim") == true)
    }
}
