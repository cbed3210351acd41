/// Settings of the emulated Argo CD application controller.
public struct ArgoCDOptions: Sendable {
    /// The namespace whose Applications the controller manages (Argo CD's own namespace).
    public var namespace: String
    /// How often every Application's repository is looked at again. Argo CD polls every 3 minutes
    /// (`timeout.reconciliation`) and relies on webhooks; a simulator has no webhook, so it polls
    /// every few seconds to make a pushed commit show up while a test or demo waits.
    public var refreshInterval: Duration
    /// The kustomize command line; nil = `kustomize build` when on the PATH, else `kubectl kustomize`.
    public var kustomizeCommand: [String]?

    public init(namespace: String = "argocd", refreshInterval: Duration = .seconds(3), kustomizeCommand: [String]? = nil) {
        self.namespace = namespace
        self.refreshInterval = refreshInterval
        self.kustomizeCommand = kustomizeCommand
    }
}
