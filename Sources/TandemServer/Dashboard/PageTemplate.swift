import Foundation

/// A rendered page with holes for what differs between requests: the signed-in user, the session's CSRF
/// token, the flash and error lines, and ages ("3m ago", computed at request time). A template is rendered
/// once per release change and then filled per request, which is a handful of string appends.
struct PageTemplate: Sendable {
    enum Piece: Sendable {
        case text(String)
        case age(Date)
        case user
        case csrf
        case notices
        /// The request's CSP nonce on the inline <style> and <script>.
        case nonce
    }

    /// The pieces before `tail`, and the text after the last hole (appended in place, so building is linear).
    private var holes: [Piece] = []
    private var tail = ""

    var pieces: [Piece] { tail.isEmpty ? holes : holes + [.text(tail)] }

    init() {}

    init(_ text: String) { append(text) }

    mutating func append(_ text: String) {
        tail += text
    }

    mutating func append(_ piece: Piece) {
        if case let .text(text) = piece { tail += text; return }
        if !tail.isEmpty { holes.append(.text(tail)) }
        tail = ""
        holes.append(piece)
    }

    mutating func append(_ other: PageTemplate) {
        for piece in other.pieces { append(piece) }
    }

    static func += (lhs: inout PageTemplate, rhs: String) { lhs.append(rhs) }
    static func += (lhs: inout PageTemplate, rhs: PageTemplate) { lhs.append(rhs) }

    /// The values that fill the holes for one request.
    struct Fill: Sendable {
        var user: String
        var csrf: String
        var flash: String?
        var error: String?
        var now: Date
        /// Fresh for every response: a nonce that can be predicted would let injected markup run.
        var nonce: String

        init(user: String, csrf: String, flash: String? = nil, error: String? = nil, now: Date = Date(),
             nonce: String = SecurityHeaders.newNonce()) {
            self.nonce = nonce
            self.user = user
            self.csrf = csrf
            self.flash = flash
            self.error = error
            self.now = now
        }
    }

    func render(_ fill: Fill) -> String {
        var out = ""
        out.reserveCapacity(pieces.reduce(0) { total, piece in
            if case let .text(text) = piece { return total + text.utf8.count }
            return total + 32
        })
        for piece in pieces {
            switch piece {
            case let .text(text): out += text
            case let .age(date): out += HTML.age(date, now: fill.now)
            case .user: out += HTML.escape(fill.user)
            case .csrf: out += HTML.escape(fill.csrf)
            case .nonce: out += fill.nonce
            case .notices:
                if let flash = fill.flash { out += "<p class=\"flash\" role=\"status\">\(HTML.escape(flash))</p>" }
                if let error = fill.error { out += "<p class=\"error\" role=\"alert\">\(HTML.escape(error))</p>" }
            }
        }
        return out
    }
}
