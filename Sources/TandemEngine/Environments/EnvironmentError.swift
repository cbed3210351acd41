/// A release cannot go to the environment asked for (exit 2 / HTTP 400): the message names what is
/// wrong or missing and what to do.
public struct EnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
