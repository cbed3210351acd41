import Foundation

/// Writes the kubeconfig that kubectl and tandem use to reach the simulator.
/// With the default name `tandem-sim`: cluster `tandem-sim`, contexts `tandem-sim` (admin: client
/// certificate with TLS, otherwise the admin token), `tandem-sim-token` (admin bearer token) and
/// `tandem-sim-readonly` (read-only bearer token); another name replaces the `tandem-sim` prefix.
/// Without TLS kubectl sends no token, so the read-only context then uses its own cluster entry
/// `tandem-sim-readonly`, whose URL ends in `Authenticator.readOnlyPathPrefix`.
/// The file is merged, not overwritten (`KubeconfigMerge`), so several simulators can share it.
struct KubeconfigWriter {
    let server: String
    let caPEM: String?
    let clientCertificatePEM: String?
    let clientKeyPEM: String?
    let adminToken: String
    let readOnlyToken: String
    var name = "tandem-sim"

    var yaml: String {
        var lines = ["apiVersion: v1", "kind: Config", "clusters:", "- name: \(name)", "  cluster:", "    server: \(server)"]
        if let caPEM { lines.append("    certificate-authority-data: \(Self.base64(caPEM))") }
        let readOnlyCluster = caPEM == nil ? "\(name)-readonly" : name
        if caPEM == nil {
            lines += ["- name: \(readOnlyCluster)", "  cluster:", "    server: \(server)\(Authenticator.readOnlyPathPrefix)"]
        }
        lines += ["contexts:"]
        for (context, cluster, user) in [(name, name, "\(name)-admin"), ("\(name)-token", name, "\(name)-token"),
                                         ("\(name)-readonly", readOnlyCluster, "\(name)-readonly")] {
            lines += ["- name: \(context)", "  context:", "    cluster: \(cluster)", "    user: \(user)", "    namespace: default"]
        }
        lines += ["current-context: \(name)", "preferences: {}", "users:", "- name: \(name)-admin", "  user:"]
        if let clientCertificatePEM, let clientKeyPEM {
            lines += ["    client-certificate-data: \(Self.base64(clientCertificatePEM))",
                      "    client-key-data: \(Self.base64(clientKeyPEM))"]
        } else {
            lines += ["    token: \(adminToken)"]
        }
        lines += ["- name: \(name)-token", "  user:", "    token: \(adminToken)",
                  "- name: \(name)-readonly", "  user:", "    token: \(readOnlyToken)"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Merges this simulator's cluster, contexts and users into the file (created if missing).
    func write(to path: String) throws {
        try KubeconfigMerge.merge(yaml, into: path)
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
