import TandemPlan
import TandemRelease

/// One step of the program computed at the start of a release.
public struct ProgramStep: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var kind: StepKind
    public var service: String?
    /// 1-based wave of the deploy or promote order the step belongs to.
    public var wave: Int?
    public var checkpoint: String?

    public init(_ kind: StepKind, service: String? = nil, wave: Int? = nil, checkpoint: String? = nil) {
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
