import Foundation

/// Writes the kubeconfig that kubectl and tandem use to reach the simulator.
/// Contexts: `tandem-sim` (admin: client certificate with TLS, otherwise the admin token),
/// `tandem-sim-token` (admin bearer token) and `tandem-sim-readonly` (read-only bearer token).
struct KubeconfigWriter {
    let server: String
    let caPEM: String?
    let clientCertificatePEM: String?
    let clientKeyPEM: String?
    let adminToken: String
    let readOnlyToken: String

    var yaml: String {
        var lines = ["apiVersion: v1", "kind: Config", "clusters:", "- name: tandem-sim", "  cluster:", "    server: \(server)"]
        if let caPEM { lines.append("    certificate-authority-data: \(Self.base64(caPEM))") }
        lines += ["contexts:"]
        for (context, user) in [("tandem-sim", "tandem-sim-admin"), ("tandem-sim-token", "tandem-sim-token"),
                                ("tandem-sim-readonly", "tandem-sim-readonly")] {
            lines += ["- name: \(context)", "  context:", "    cluster: tandem-sim", "    user: \(user)", "    namespace: default"]
        }
        lines += ["current-context: tandem-sim", "preferences: {}", "users:", "- name: tandem-sim-admin", "  user:"]
        if let clientCertificatePEM, let clientKeyPEM {
            lines += ["    client-certificate-data: \(Self.base64(clientCertificatePEM))",
                      "    client-key-data: \(Self.base64(clientKeyPEM))"]
        } else {
            lines += ["    token: \(adminToken)"]
        }
        lines += ["- name: tandem-sim-token", "  user:", "    token: \(adminToken)",
                  "- name: tandem-sim-readonly", "  user:", "    token: \(readOnlyToken)"]
        return lines.joined(separator: "\n") + "\n"
    }

    func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(yaml.utf8).write(to: url, options: .atomic)
        try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
