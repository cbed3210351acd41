import TandemRelease

/// `DeployDetail.Intent`: what a deploy is about to write, recorded on its `running` step before the
/// Rollout write, so a deploy resumed after a crash repeats the same write (see `FreshRevision`).
extension DeployDetail.Intent {
    /// The intent a crashed attempt of `step` recorded for the same image, if any.
    static func recorded(in step: ReleaseStep, image: String) -> DeployDetail.Intent? {
        guard let intent = DeployDetail(text: step.detail)?.intent, intent.image == image else { return nil }
        return intent
    }
}
