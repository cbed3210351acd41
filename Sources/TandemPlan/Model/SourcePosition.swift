/// A 1-based line and column in a plan file. `.unknown` (0:0) for values built in code.
public struct SourcePosition: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of values that did not come from a file.
    public static let unknown = SourcePosition(line: 0, column: 0)

    public var description: String { "\(line):\(column)" }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// Where each field of one mapping was written: the key's name → the position of its value.
/// The mapping's own position is `self.start`.
public struct FieldPositions: Sendable, Equatable, Hashable {
    public var start: SourcePosition
    public var fields: [String: SourcePosition]

    public init(start: SourcePosition = .unknown, fields: [String: SourcePosition] = [:]) {
        self.start = start
        self.fields = fields
    }

    /// The position of `field`'s value, or the mapping's start when the field is absent.
    public subscript(field: String) -> SourcePosition { fields[field] ?? start }
}
