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
/// The mapping's own position is `start`. A plan has tens of thousands of these, each with a
/// handful of fields, so they are kept in a small list rather than a dictionary.
public struct FieldPositions: Sendable, Equatable, Hashable {
    public struct Entry: Sendable, Equatable, Hashable {
        public var field: String
        public var position: SourcePosition
    }

    public var start: SourcePosition
    /// The fields present, in file order.
    public private(set) var entries: [Entry]

    public init(start: SourcePosition = .unknown, fields: [String: SourcePosition] = [:]) {
        self.start = start
        self.entries = fields.sorted { $0.value < $1.value }.map { Entry(field: $0.key, position: $0.value) }
    }

    /// The position of `field`'s value, or `nil` when the field was not written.
    public func position(of field: String) -> SourcePosition? {
        entries.first { $0.field == field }?.position
    }

    /// The position of `field`'s value, or the mapping's start when the field is absent.
    public subscript(field: String) -> SourcePosition { position(of: field) ?? start }

    /// Records (or moves) where `field` was written.
    public mutating func set(_ field: String, _ position: SourcePosition) {
        if let index = entries.firstIndex(where: { $0.field == field }) {
            entries[index].position = position
        } else {
            entries.append(Entry(field: field, position: position))
        }
    }
}
