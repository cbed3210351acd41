/// What one step of a release program does. Closed: every kind the engine produces is a case here,
/// and the store keeps its raw value (the strings existing databases hold; never change them).
public enum StepKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Write the service's new configuration and image as one Rollout revision; wait until
    /// the preview is available (and paused, for blue/green without auto-promotion).
    case deploy
    /// The Rollout reached the expected state, Argo's pre-promotion analysis passed, and the
    /// plan's HTTP check through the preview Service (if any) answered as expected.
    case verify
    /// Create the Services that select exactly this service's new revision, for its consumers
    /// (lockstep, `pairing: revision`).
    case pin
    /// Stop until the checkpoint is approved.
    case checkpoint
    /// Promote the Rollout (active Service switches to the new revision).
    case promote
    /// `pairing: preview`: point the consumer back at its dependencies' active Services
    /// (one more revision, promoted without a pause).
    case repoint
    /// Delete the pinned Services and versioned ConfigMaps no revision in history uses.
    case collectGarbage = "collect-garbage"
    /// Lockstep canary: promote every member one step, from its pause at the previous stage to the
    /// pause of stage `wave` (no service: the whole group moves).
    case canaryStep = "canary-step"
    /// GitOps mode: write deploy wave `wave`'s edits into the work tree, commit them (trailer
    /// `Tandem-Release`), push, and sync the commit. No service: the whole wave is one commit.
    case gitopsCommit = "gitops-commit"

    public var description: String { rawValue }
}
