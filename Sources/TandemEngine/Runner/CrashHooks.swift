import Foundation

/// The crash-safety test hooks (test-only: set from `TANDEM_TEST_CRASH_*` variables, never in normal use):
/// die like `kill -9` at a chosen point so a test can resume and compare the end state.
extension EngineOptions {
    /// Right after committing step `ordinal`.
    func crashIfRequested(afterStep ordinal: Int) {
        if crashAfterStep == ordinal { kill(getpid(), SIGKILL) }
    }

    /// Right after the deploy of `service` wrote its Rollout, before the step is committed.
    func crashIfRequested(afterDeployWriteOf service: String) {
        if crashAfterDeployWriteOf == service { kill(getpid(), SIGKILL) }
    }

    /// GitOps: after the commit of deploy wave `wave` is recorded, before it is pushed.
    func crashIfRequested(beforePushOfWave wave: Int) {
        if crashBeforePushOfWave == wave { kill(getpid(), SIGKILL) }
    }
}
