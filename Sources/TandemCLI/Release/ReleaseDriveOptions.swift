import ArgumentParser

/// The options every command that starts a release shares (`release start`, `release promote`):
/// linked changes, how to follow it (`FollowOptions`), who starts it and the direct-mode guard override.
struct ReleaseDriveOptions: ParsableArguments {
    @Option(name: .customLong("change"), help: "A ServiceNow change number the release's servicenow gates check (repeatable).")
    var changes: [String] = []
    @OptionGroup var follow: FollowOptions
    @Option(help: "Who starts the release (default: TANDEM_USER, then CI user variables).") var by: String?
    @Flag(name: .customLong("allow-argocd-managed"),
          help: "Direct mode: release even when Argo CD Applications manage the plan's Rollouts (they may revert the release).")
    var allowArgoCDManaged = false
}
