import Foundation
import Testing
@testable import TandemKube

@Suite("Credentials: token files and exec plugins")
struct CredentialTests {
    @Test("a token file is re-read when it changes (projected tokens rotate)")
    func tokenFileRotation() async throws {
        let dir = TempDir()
        let file = dir.write("token", "first\n")
        let source = TokenFileCredential(path: file)
        #expect(try await source.credential() == .bearer("first"))
        dir.write("token", "second-token\n")
        #expect(try await source.credential() == .bearer("second-token"))
    }

    /// A plugin that counts its runs in a file and prints a token with the given expiry.
    static func plugin(_ dir: TempDir, expiry: String?, apiVersion: String = "client.authentication.k8s.io/v1") -> String {
        let expiryField = expiry.map { #","expirationTimestamp":"\#($0)""# } ?? ""
        return dir.write("plugin.sh", """
        #!/bin/sh
        n=$(cat "\(dir.path)/runs" 2>/dev/null || echo 0)
        n=$((n+1)); echo $n > "\(dir.path)/runs"
        echo "$KUBERNETES_EXEC_INFO" > "\(dir.path)/info"
        echo "$PLUGIN_GREETING" > "\(dir.path)/env"
        printf '{"apiVersion":"\(apiVersion)","kind":"ExecCredential","status":{"token":"tok-%s"\(expiryField)}}' "$n"
        """, executable: true)
    }

    static func runs(_ dir: TempDir) -> Int {
        Int((try? String(contentsOfFile: dir.path + "/runs", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "0") ?? 0
    }

    @Test("an exec credential is cached until it expires, and fetched again after invalidate (a 401)")
    func execCaching() async throws {
        let dir = TempDir()
        let command = Self.plugin(dir, expiry: "2099-01-01T00:00:00Z")
        let config = ExecConfig(command: command, env: ["PLUGIN_GREETING": "hello"], provideClusterInfo: true,
                                clusterInfo: ["server": "https://sim:1"])
        let source = ExecCredentialSource(config: config)
        #expect(try await source.credential() == .bearer("tok-1"))
        #expect(try await source.credential() == .bearer("tok-1"))
        #expect(Self.runs(dir) == 1)
        await source.invalidate()
        #expect(try await source.credential() == .bearer("tok-2"))
        let info = try String(contentsOfFile: dir.path + "/info", encoding: .utf8)
        #expect(info.contains(#""server":"https://sim:1""#))
        #expect(info.contains(#""interactive":false"#))
        #expect(try String(contentsOfFile: dir.path + "/env", encoding: .utf8) == "hello\n")
    }

    @Test("an expired exec credential runs the plugin again")
    func execExpired() async throws {
        let dir = TempDir()
        let source = ExecCredentialSource(config: ExecConfig(command: Self.plugin(dir, expiry: "2000-01-01T00:00:00Z")))
        _ = try await source.credential()
        _ = try await source.credential()
        #expect(Self.runs(dir) == 2)
    }

    @Test("a missing plugin command shows the installHint")
    func missingCommand() async {
        let source = ExecCredentialSource(config: ExecConfig(command: "tandem-no-such-plugin", installHint: "Install it with: brew install foo"),
                                          environment: ["PATH": "/usr/bin:/bin"])
        do {
            _ = try await source.credential()
            Issue.record("expected an error")
        } catch {
            let text = "\(error)"
            #expect(text.contains("\"tandem-no-such-plugin\": executable not found"))
            #expect(text.contains("Install it with: brew install foo"))
        }
    }

    @Test("output with the wrong apiVersion or no credential is rejected", arguments: [
        (#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"x"}}"#, "returned apiVersion client.authentication.k8s.io/v1beta1"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}"#, "neither token nor clientCertificateData"),
        (#"not json"#, "output is not JSON"),
        (#"{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x","expirationTimestamp":"soon"}}"#, "is not RFC 3339"),
    ])
    func badOutput(output: String, expected: String) {
        let runner = ExecCredentialRunner(config: ExecConfig(command: "p"))
        let error = #expect(throws: ExecPluginError.self) { try runner.decode(Data(output.utf8)) }
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test("a plugin may return a client certificate and key instead of a token")
    func certificateOutput() throws {
        let runner = ExecCredentialRunner(config: ExecConfig(apiVersion: "client.authentication.k8s.io/v1beta1", command: "p"))
        let output = try runner.decode(Data(#"{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}"#.utf8))
        #expect(output.credential == .clientCertificate(certificatePEM: Array("CERT".utf8), keyPEM: Array("KEY".utf8)))
        #expect(output.expiration == nil)
    }

    @Test("a failing plugin reports its exit status and stderr")
    func failingPlugin() async {
        let dir = TempDir()
        let command = dir.write("fail.sh", "#!/bin/sh\necho 'login required' >&2\nexit 3\n", executable: true)
        do {
            _ = try await ExecCredentialRunner(config: ExecConfig(command: command)).run()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("exited with status 3: login required"))
        }
    }
}
