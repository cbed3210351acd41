import TandemPlan

/// What one step of a release program does.
public enum ProgramStepKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
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
    /// pause of stage `wave` (no service: the whole group moves, `Canary/CanaryStepper.swift`).
    case canaryStep = "canary-step"
    /// GitOps mode: write deploy wave `wave`'s edits into the work tree, commit them (trailer
    /// `Tandem-Release`), push, and sync the commit (`GitOps/GitOpsCommitter.swift`). No service:
    /// the whole wave is one commit.
    case gitopsCommit = "gitops-commit"
}

/// One step of the program computed at the start of a release.
public struct ProgramStep: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var kind: ProgramStepKind
    public var service: String?
    /// 1-based wave of the deploy or promote order the step belongs to.
    public var wave: Int?
    public var checkpoint: String?

    public init(_ kind: ProgramStepKind, service: String? = nil, wave: Int? = nil, checkpoint: String? = nil) {
        self.kind = kind
        self.service = service
        self.wave = wave
        self.checkpoint = checkpoint
    }

    public var description: String {
        var text = kind.rawValue
        if let service { text += " \(service)" }
        if let checkpoint { text += " \"\(checkpoint)\"" }
        if let wave { text += kind == .canaryStep ? " (stage \(wave))" : " (wave \(wave))" }
        return text
    }
}
