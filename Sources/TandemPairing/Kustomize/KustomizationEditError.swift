/// Why a kustomization cannot be edited as the release needs; each says where and what to change.
public enum KustomizationEditError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `line`: the `images:` key's (1-based), when the file has one.
    case noImagesEntry(file: String, image: String, line: Int? = nil)
    /// `line`: the `configMapGenerator:` key's, when the file has one.
    case noGenerator(file: String, name: String, line: Int? = nil)
    /// `line`: the generator's `literals:` key's, else the generator's own.
    case noLiteral(file: String, generator: String, key: String, line: Int? = nil)
    case notBlockStyle(file: String, line: Int, what: String)
    case unsupportedGenerator(file: String, line: Int, generator: String, field: String)

    public var description: String {
        switch self {
        case let .noImagesEntry(file, image, line):
            return "\(Self.at(file, line)): no `images:` entry with name \(image); add one (`kustomize edit set image \(image)=\(image):<tag>` writes it) so tandem can set its newTag"
        case let .noGenerator(file, name, line):
            return "\(Self.at(file, line)): no configMapGenerator named \(name); the consumer's ConfigMap must come from a configMapGenerator of that name"
        case let .noLiteral(file, generator, key, line):
            return "\(Self.at(file, line)): configMapGenerator \(generator) has no literal \(key)=…; add `- \(key)=<address>` to its literals"
        case let .unsupportedGenerator(file, line, generator, field):
            return "\(file):\(line): configMapGenerator \(generator) uses `\(field)`; in GitOps mode tandem computes the ConfigMap's name from its literals, so write its data as `literals:` (KEY=value) and keep kustomize's name suffix on"
        case let .notBlockStyle(file, line, what):
            return "\(file):\(line): \(what) is written in flow style or spans lines; write it in block style (one `key: value` per line) so tandem can edit it in place"
        }
    }

    /// `file:line`, or `file` when there is no line to point at.
    private static func at(_ file: String, _ line: Int?) -> String { line.map { "\(file):\($0)" } ?? file }
}
