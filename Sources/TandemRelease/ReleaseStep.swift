/// One step of a release's program as the engine sees it: what it does (kind, service, wave, checkpoint),
/// how far it got (state, error) and what its attempts recorded (`detail`, read back by a step resumed after a
/// crash). The machine decides with it and each step runner receives it; the store's `StepRecord` persists it.
public struct ReleaseStep: Sendable, Equatable {
    /// 0-based position in the program.
    public var ordinal: Int
    public var kind: StepKind
    public var service: String?
    /// 1-based wave of the deploy or promote order (the target stage of a `canary-step`).
    public var wave: Int?
    /// The checkpoint's name for `checkpoint` steps.
    public var checkpoint: String?
    public var state: StepState
    /// The last failure's message.
    public var error: String?
    /// The step's row in the store, where a runner records its intent before it writes; nil for a step never stored.
    public var id: Int64?
    /// JSON text recorded on the step so far (a deploy's or a commit's intent, what it did).
    public var detail: String?

    public init(ordinal: Int, kind: StepKind, service: String? = nil, wave: Int? = nil, checkpoint: String? = nil,
                state: StepState = .pending, error: String? = nil, id: Int64? = nil, detail: String? = nil) {
        self.ordinal = ordinal
        self.kind = kind
        self.service = service
        self.wave = wave
        self.checkpoint = checkpoint
        self.state = state
        self.error = error
        self.id = id
        self.detail = detail
    }

    /// "deploy backend (step 3)" — for messages.
    public var label: String {
        var parts = [kind.rawValue]
        if let service { parts.append(service) }
        if let checkpoint { parts.append("\"\(checkpoint)\"") }
        return parts.joined(separator: " ") + " (step \(ordinal))"
    }
}
