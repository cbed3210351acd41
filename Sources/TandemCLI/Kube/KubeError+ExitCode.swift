import TandemKube

/// Cluster failures exit with 1 ("any other error"); the message is the error's description.
extension KubeError: ExitCodeProviding {
    public var exitStatus: ExitStatus { .otherError }
}
