import Foundation
import Hummingbird
import TandemStore

/// HTML helpers: escaping, the page layout with inline CSS (no external assets).
enum HTML {
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A page for a signed-in user (the user's name is a hole in the template).
    static func page(title: String, body: PageTemplate, script: String = "") -> PageTemplate {
        var page = head(title)
        page += """
        <nav aria-label="Account"><a href="/">Releases</a> · signed in as <strong>
        """
        page.append(.user)
        page += """
        </strong>
        <form method="post" action="/logout" class="inline"><button type="submit">Sign out</button></form></nav>
        """
        page += "</header><main id=\"main\">"
        page += body
        page += tail(script)
        return page
    }

    /// The sign-in page (`user` nil) and error pages.
    static func page(title: String, user: String?, body: String, script: String = "") -> PageTemplate {
        guard user != nil else {
            var page = head(title)
            page += "</header><main id=\"main\">" + body
            page += tail(script)
            return page
        }
        return page(title: title, body: PageTemplate(body), script: script)
    }

    /// The inline <style> and <script> carry the request's nonce, which the Content-Security-Policy allows.
    private static func head(_ title: String) -> PageTemplate {
        var head = PageTemplate("""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · tandem</title><style nonce="
        """)
        head.append(.nonce)
        head += """
        ">\(css)</style></head>
        <body><header><span class="brand">tandem</span>
        """
        return head
    }

    private static func tail(_ script: String) -> PageTemplate {
        var tail = PageTemplate("</main>\n")
        if !script.isEmpty {
            tail += "<script nonce=\""
            tail.append(.nonce)
            tail += "\">\(script)</script>"
        }
        tail += "</body></html>"
        return tail
    }

    /// The page filled for one request, with the Content-Security-Policy naming that request's nonce.
    static func response(_ page: PageTemplate, _ fill: PageTemplate.Fill, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                           .contentSecurityPolicy: SecurityHeaders.pagePolicy(nonce: fill.nonce)],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: page.render(fill))))
    }

    /// A page for someone not signed in (the sign-in page).
    static func response(_ page: PageTemplate, status: HTTPResponse.Status = .ok) -> Response {
        response(page, PageTemplate.Fill(user: "", csrf: ""), status: status)
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    static func age(_ date: Date, now: Date = Date()) -> String {
        let s = Int(max(0, now.timeIntervalSince(date)))
        if s < 60 { return "\(s)s ago" }
        if s < 3600 { return "\(s / 60)m ago" }
        if s < 86400 { return "\(s / 3600)h ago" }
        return "\(s / 86400)d ago"
    }

    static func stateBadge(_ state: String) -> String {
        "<span class=\"badge s-\(escape(state))\">\(escape(state))</span>"
    }

    /// Colours with at least 4.5:1 contrast against white text / the page background.
    static let css = """
    body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
    header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1.2rem;background:#1f2a37;color:#fff}
    header a{color:#cfe3ff} .brand{font-weight:700;font-size:1.1rem} main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem}
    table{border-collapse:collapse;width:100%;background:#fff} th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #d5d9de}
    a{color:#0b57d0} a:focus,button:focus,input:focus,textarea:focus{outline:3px solid #f9ab00;outline-offset:2px}
    .badge{display:inline-block;padding:0 .5rem;border-radius:.8rem;color:#fff;background:#4b5563;font-size:.85rem}
    .s-succeeded,.s-approved{background:#137333}.s-failed,.s-rejected,.s-rolled-back{background:#b3261e}
    .s-running,.s-rolling-back{background:#0b57d0}.s-waiting{background:#8a4b00}.s-skipped,.s-pending{background:#5f6368}
    section{background:#fff;border:1px solid #d5d9de;border-radius:6px;padding:.8rem 1rem;margin:1rem 0}
    .inline{display:inline} button{font:inherit;padding:.3rem .9rem;border-radius:4px;border:1px solid #1f2a37;cursor:pointer}
    .approve{background:#137333;color:#fff}.reject{background:#b3261e;color:#fff} .error{color:#b3261e;font-weight:600}
    .flash{background:#e6f4ea;border:1px solid #137333;padding:.5rem} label{display:block;font-weight:600;margin:.4rem 0 .2rem}
    textarea,input[type=password],input[type=text]{width:100%;max-width:40rem;font:inherit;padding:.3rem}
    svg text{font:13px system-ui,sans-serif} .muted{color:#4b5563}
    """
}
