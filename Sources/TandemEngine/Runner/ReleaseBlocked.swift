/// A drive that stopped because a step is blocked (`StepError.blocked`): the step took no effect and is
/// pending again, the release keeps its state and everything done before, and `tandem release resume`
/// runs the step again once the cause is dealt with (or `tandem release abort` rolls the release back).
/// The CLI exits 1 ("any other error").
public struct ReleaseBlocked: Error, Sendable, CustomStringConvertible {
    public let releaseID: String
    /// What blocked the step and what to do, as the step said it.
    public let reason: String

    public var description: String { reason }
}
