import Foundation

/// What one kind of step records on its step row (the `detail` column, JSON text): the one place
/// the keys are spelled, for the runner that writes them and every reader (a rollback after a
/// crash, the next wave, the dashboard). The text is compact with sorted keys.
public protocol StepDetail: Codable, Sendable, Equatable {
    /// The kind of step whose detail this is.
    static var kind: StepKind { get }
}

extension StepDetail {
    /// The detail recorded as `text`; nil when there is none or it is not this shape.
    public init?(text: String?) {
        guard let text, let value = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return nil }
        self = value
    }

    /// The JSON text to record.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers, booleans and arrays of them cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
