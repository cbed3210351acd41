import Foundation
import TandemGates

/// Knobs of the release runner. Defaults suit a real cluster; tests shorten them.
public struct EngineOptions: Sendable {
    /// How long a service may take to reach the expected state when the plan sets no `deadlineSeconds`.
    public var defaultDeadline: Duration
    /// How often waits poll the store (checkpoint decisions, abort requests).
    public var pollInterval: Duration
    /// How long the plan/namespace lock and the Lease last without renewal while a process drives the release.
    public var lockTTL: TimeInterval
    /// How long they last while the release waits at a checkpoint with no process driving it.
    public var waitingLockTTL: TimeInterval
    /// Attempts of a step whose error is retryable (lost connection, throttling, a conflict).
    public var retryAttempts: Int
    /// Test hook: kill this process (SIGKILL) right after committing the step with this ordinal.
    /// Set from `TANDEM_TEST_CRASH_AFTER_STEP`; never set in normal use.
    public var crashAfterStep: Int?
    /// How often a step waiting for a Rollout records its progress (`--progress-interval`).
    public var progressInterval: Duration = EngineOptions.defaultProgressInterval
    public static let defaultProgressInterval: Duration = .seconds(10)
    /// Test hook: kill this process (SIGKILL) right after the deploy of this service wrote its Rollout, before
    /// the step is committed. Set from `TANDEM_TEST_CRASH_AFTER_DEPLOY_WRITE`; never set in normal use.
    public var crashAfterDeployWriteOf: String?
    /// How often `--wait` asks a checkpoint's gates: first after this, then twice as long each time the answer
    /// stays the same, at most `gatePollMax` (decisions of people are still noticed every `pollInterval`).
    public var gatePollFirst: Duration = .seconds(10)
    public var gatePollMax: Duration = .seconds(300)
    /// The HTTP client of the gates (ServiceNow, http): one per evaluation, shut down after it.
    public var gateTransport: @Sendable () -> any GateTransport = { HTTPGateTransport() }
    /// Where the ServiceNow credentials are read (SERVICENOW_*).
    public var gateEnvironment: [String: String] = ProcessInfo.processInfo.environment
    /// Test hook: kill this process (SIGKILL) in GitOps mode after the commit of this deploy wave is made and
    /// recorded, before it is pushed. Set from `TANDEM_TEST_CRASH_BEFORE_PUSH`; never set in normal use.
    public var crashBeforePushOfWave: Int?

    /// How long a service may take to reach the expected state when its plan sets no `deadline`.
    public static let defaultDeadlineSeconds = 600

    public init(defaultDeadline: Duration = .seconds(defaultDeadlineSeconds), pollInterval: Duration = .milliseconds(500),
                lockTTL: TimeInterval = 60, waitingLockTTL: TimeInterval = 7 * 24 * 3600, retryAttempts: Int = 3,
                crashAfterStep: Int? = nil) {
        self.defaultDeadline = defaultDeadline
        self.pollInterval = pollInterval
        self.lockTTL = lockTTL
        self.waitingLockTTL = waitingLockTTL
        self.retryAttempts = retryAttempts
        self.crashAfterStep = crashAfterStep
    }

    /// The environment variable of the crash test hook (see docs/releases.md, "Crash safety").
    public static let crashHookVariable = "TANDEM_TEST_CRASH_AFTER_STEP"

    /// The environment variable of the deploy-write crash hook (test-only, see docs/releases.md).
    public static let deployWriteCrashHookVariable = "TANDEM_TEST_CRASH_AFTER_DEPLOY_WRITE"

    /// The environment variable of the GitOps before-push crash hook (test-only).
    public static let beforePushCrashHookVariable = "TANDEM_TEST_CRASH_BEFORE_PUSH"

    /// Defaults plus the crash hooks from the environment.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> EngineOptions {
        var options = EngineOptions()
        options.crashAfterStep = environment[crashHookVariable].flatMap { Int($0) }
        options.crashAfterDeployWriteOf = environment[deployWriteCrashHookVariable]
        options.crashBeforePushOfWave = environment[beforePushCrashHookVariable].flatMap { Int($0) }
        return options
    }
}
