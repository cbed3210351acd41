/// One line tandem changes, adds or removes in a kustomization: what `plan steps` shows in GitOps mode
/// and what a commit contains.
public struct KustomizationEdit: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line number in the edited file (of a removed line: in the file before).
    public var line: Int
    /// The line before the edit; nil for an added line.
    public var old: String?
    /// The line after the edit; nil for a removed line.
    public var new: String?

    public init(file: String, line: Int, old: String?, new: String?) {
        self.file = file
        self.line = line
        self.old = old
        self.new = new
    }

    public var description: String {
        switch (old, new) {
        case let (old?, new?): return "\(file):\(line): - \(old)\n\(file):\(line): + \(new)"
        case let (old?, nil): return "\(file):\(line): - \(old)"
        case let (nil, new?): return "\(file):\(line): + \(new)"
        case (nil, nil): return "\(file):\(line): (unchanged)"
        }
    }
}
