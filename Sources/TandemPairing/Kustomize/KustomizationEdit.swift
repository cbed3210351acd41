/// One line tandem changes (or adds) in a kustomization: what `plan steps` shows in GitOps mode and
/// what a commit contains.
public struct KustomizationEdit: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the edited file.
    public var line: Int
    /// The line before the edit; nil for an added line.
    public var old: String?
    public var new: String

    public var description: String {
        if let old { return "\(file):\(line): - \(old)\n\(file):\(line): + \(new)" }
        return "\(file):\(line): + \(new)"
    }
}
