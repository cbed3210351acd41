extension ReleasePlan {
    /// This plan for display only: every free-text field (ConfigMap value templates, verify paths
    /// and expected bodies, approvers) with control characters escaped by `PrintableText`, so
    /// printing it (`tandem plan steps`) cannot emit a raw CR, LF or terminal escape from the plan.
    /// Names, images and keys need no escaping: validation allows only safe characters in them.
    /// Never release from this copy: its values are not the plan's.
    public var printable: ReleasePlan {
        var copy = self
        for index in copy.services.indices {
            for edge in copy.services[index].dependsOn.indices {
                copy.services[index].dependsOn[edge].value = PrintableText.escaped(copy.services[index].dependsOn[edge].value)
            }
            if var verify = copy.services[index].verify {
                verify.path = PrintableText.escaped(verify.path)
                verify.expectBodyContains = verify.expectBodyContains.map(PrintableText.escaped)
                copy.services[index].verify = verify
            }
        }
        for index in copy.checkpoints.indices {
            copy.checkpoints[index].approvers = copy.checkpoints[index].approvers.map(PrintableText.escaped)
        }
        return copy
    }
}
