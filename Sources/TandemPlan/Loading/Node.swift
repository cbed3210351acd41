/// A composed YAML value as the plan decoder reads it: scalars, mappings and lists with the
/// line:column each was written at. It keeps only what the decoder needs (value, style,
/// resolved tag, position), which makes a 5 MiB plan's tree several times smaller and faster
/// to build than Yams' `Node` (no per-node tag objects, no hashing of whole subtrees).
/// Same case names and accessors as Yams' `Node`, so decode code reads either.
/// Aliases are resolved while composing: an alias is the anchored value itself.
enum Node: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// Where a value starts, 1-based; libyaml counts columns in Unicode scalars.
    struct Mark: Sendable, Equatable {
        let line: Int
        let column: Int
    }

    /// A compact start position (a plan never has 2^31 lines).
    struct Position: Sendable, Equatable {
        let line: Int32
        let column: Int32

        init(line: Int, column: Int) {
            self.line = Int32(clamping: line)
            self.column = Int32(clamping: column)
        }

        var mark: Mark { Mark(line: Int(line), column: Int(column)) }
    }

    /// The YAML tag a value resolves to when none is written (plans use the basic schema:
    /// every plain scalar is a string; the decoder types values itself).
    enum DefaultTag {
        static let str = "tag:yaml.org,2002:str"
        static let seq = "tag:yaml.org,2002:seq"
        static let map = "tag:yaml.org,2002:map"
    }

    struct Scalar: Sendable {
        /// libyaml's scalar styles, with libyaml's numbering.
        enum Style: UInt8, Sendable {
            case any = 0, plain, singleQuoted, doubleQuoted, literal, folded
        }

        let string: String
        let style: Style
        let position: Position
        /// An explicitly written tag (`!foo x`); `nil` means the default, a string.
        let explicitTag: String?

        var tag: String { explicitTag ?? DefaultTag.str }
    }

    struct Mapping: Sendable, RandomAccessCollection {
        typealias Element = (key: Node, value: Node)

        let pairs: [Element]
        let position: Position
        let explicitTag: String?

        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        subscript(index: Int) -> Element { pairs[index] }

        /// The value of the first key that is the string scalar `key`.
        subscript(key: String) -> Node? {
            for pair in pairs {
                if case .scalar(let scalar) = pair.key, scalar.string == key, scalar.tag == DefaultTag.str { return pair.value }
            }
            return nil
        }
    }

    struct Sequence: Sendable, RandomAccessCollection {
        let nodes: [Node]
        let position: Position
        let explicitTag: String?

        var startIndex: Int { nodes.startIndex }
        var endIndex: Int { nodes.endIndex }
        subscript(index: Int) -> Node { nodes[index] }
    }

    /// Where the value starts (always known for composed nodes; optional as in Yams).
    var mark: Mark? {
        switch self {
        case .scalar(let scalar): scalar.position.mark
        case .mapping(let mapping): mapping.position.mark
        case .sequence(let sequence): sequence.position.mark
        }
    }

    var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    var sequence: Sequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }

    /// The text of a scalar; `nil` for collections.
    var string: String? { scalar?.string }

    /// The tag the value resolves to.
    var tag: String {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .mapping(let mapping): mapping.explicitTag ?? DefaultTag.map
        case .sequence(let sequence): sequence.explicitTag ?? DefaultTag.seq
        }
    }
}
