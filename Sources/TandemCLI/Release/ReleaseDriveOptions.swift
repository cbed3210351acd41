import ArgumentParser

/// The options every command that starts a release shares (`release start`, `release promote`):
/// linked changes, how to wait, who starts it, the output format and the direct-mode guard override.
struct ReleaseDriveOptions: ParsableArguments {
    @Option(name: .customLong("change"), help: "A ServiceNow change number the release's servicenow gates check (repeatable).")
    var changes: [String] = []
    @Flag(help: "Wait at checkpoints until they are decided instead of exiting 3.") var wait = false
    @Option(help: "With --wait: give up waiting after this long (e.g. 30m), exit 3.") var timeout: String?
    @Option(help: "Who starts the release (default: TANDEM_USER, then CI user variables).") var by: String?
    @Option(help: "Output: text (one line per event) or json (one object per event).") var output: OutputFormat = .text
    @Flag(name: .customLong("allow-argocd-managed"),
          help: "Direct mode: release even when Argo CD Applications manage the plan's Rollouts (they may revert the release).")
    var allowArgoCDManaged = false
}
