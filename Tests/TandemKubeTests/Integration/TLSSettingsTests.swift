import Foundation
import Testing
@testable import TandemKube
import TandemKubeModel
import TandemSim

@Suite("TLS settings against the simulated cluster", .serialized)
struct TLSSettingsTests {
    @Test("tls-server-name verifies the certificate for another name; insecure-skip-tls-verify skips verification; an unknown CA fails with a TLS error")
    func tlsVariants() async throws {
        let sim = try await SimHarness.start()
        defer { Task { await sim.stop() } }
        var named = try sim.connection(.bearerToken, namespace: "tls")
        named.tls.serverName = "localhost"
        let namedClient = try KubeClient(connection: named, retryPolicy: .never)
        #expect(try await namedClient.getPath("/version")["gitVersion"].stringValue != nil)
        await namedClient.shutdown()

        var insecure = try sim.connection(.bearerToken, namespace: "tls")
        insecure.tls.certificateAuthorityPEM = nil
        insecure.tls.insecureSkipVerify = true
        let insecureClient = try KubeClient(connection: insecure, retryPolicy: .never)
        #expect(try await insecureClient.getPath("/version")["gitVersion"].stringValue != nil)
        await insecureClient.shutdown()

        var untrusted = try sim.connection(.bearerToken, namespace: "tls")
        untrusted.tls.certificateAuthorityPEM = nil
        let untrustedClient = try KubeClient(connection: untrusted, retryPolicy: .never)
        let error = await #expect(throws: KubeError.self) { try await untrustedClient.getPath("/version") }
        guard case .tls(let server, _) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(server == untrusted.server)
        await untrustedClient.shutdown()
    }
}
