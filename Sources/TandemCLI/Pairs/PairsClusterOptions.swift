import ArgumentParser
import TandemKube

/// Which cluster `tandem pairs` reads: as kubectl chooses (`--kubeconfig`, `KUBECONFIG`,
/// `~/.kube/config`, in-cluster). Use the kubeconfig `tandem sim serve` writes for the
/// simulated cluster.
struct PairsClusterOptions: ParsableArguments {
    @Option(help: "Path of the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster).")
    var kubeconfig: String?

    @Option(help: "Kubeconfig context to use (default: the current context).")
    var context: String?

    func client() throws -> KubeClient {
        try KubeClient(resolver: ConfigResolver(kubeconfig: kubeconfig, context: context))
    }
}
