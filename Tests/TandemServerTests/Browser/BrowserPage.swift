import Foundation

/// One tab of a `Chromium`, attached with a flat session: navigate, read the DOM, click like a user (mouse
/// events at an element's centre), type, and take screenshots.
struct BrowserPage {
    let browser: Chromium
    let session: String

    static func open(_ browser: Chromium) throws -> BrowserPage {
        let target = try browser.call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw Chromium.ProtocolError(description: "no targetId in \(target)") }
        let attached = try browser.call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw Chromium.ProtocolError(description: "no sessionId in \(attached)") }
        let page = BrowserPage(browser: browser, session: session)
        try page.call("Page.enable")
        try page.call("Runtime.enable")  // console messages and exceptions go to the driver's log
        return page
    }

    @discardableResult
    func call(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
        try browser.call(method, params, session: session)
    }

    func navigate(_ url: String) throws {
        let result = try call("Page.navigate", ["url": url])
        if let error = result["errorText"] as? String { throw Chromium.ProtocolError(description: "cannot open \(url): \(error)") }
    }

    /// Evaluates an expression in the page and returns its value (JSON-like: String, NSNumber, array, dictionary).
    func evaluate(_ expression: String) throws -> Any? {
        let result = try call("Runtime.evaluate", ["expression": expression, "returnByValue": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw Chromium.ProtocolError(description: "\(expression) threw: \(Chromium.short(exception, limit: 400))")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Polls `condition` (a JavaScript expression) until it is true. Errors while the page is being replaced
    /// (a navigation destroys the execution context) count as "not yet".
    func wait(for what: String, timeout: Duration = .seconds(60), _ condition: String) throws {
        let deadline = ContinuousClock.now + timeout
        browser.log.note("waiting for \(what)")
        while ContinuousClock.now < deadline {
            if let value = try? evaluate("!!(\(condition))") as? Bool, value {
                browser.log.note("saw \(what)")
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let shown = (try? evaluate("location.href + '\\n' + document.body.innerText")) as? String ?? "(no page)"
        throw Chromium.ProtocolError(description: "timed out waiting for \(what); the page shows:\n\(shown)")
    }

    func text(_ selector: String) throws -> String {
        try evaluate("(document.querySelector(\(Self.quoted(selector)))||{}).innerText||''") as? String ?? ""
    }

    /// A real click: scrolls the element into view and sends mouse pressed/released at its centre.
    func click(_ selector: String) throws {
        let point = try evaluate("""
        (function(){var e=document.querySelector(\(Self.quoted(selector)));if(!e)return null;
        e.scrollIntoView({block:'center'});var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];})()
        """) as? [NSNumber]
        guard let point, point.count == 2 else { throw Chromium.ProtocolError(description: "nothing matches \(selector) to click") }
        let x = point[0].doubleValue, y = point[1].doubleValue
        browser.log.note("click \(selector) at (\(Int(x)), \(Int(y)))")
        try call("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": x, "y": y])
        for type in ["mousePressed", "mouseReleased"] {
            try call("Input.dispatchMouseEvent", ["type": type, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1])
        }
    }

    /// Types into the focused element, as a keyboard would (input events included).
    func type(_ text: String) throws {
        try call("Input.insertText", ["text": text])
    }

    /// A PNG of the whole page (beyond the viewport), written to `path`.
    func screenshot(to path: String) throws {
        let metrics = try call("Page.getLayoutMetrics")
        let size = (metrics["cssContentSize"] ?? metrics["contentSize"]) as? [String: Any] ?? [:]
        let width = (size["width"] as? NSNumber)?.doubleValue ?? 1280, height = (size["height"] as? NSNumber)?.doubleValue ?? 1000
        let shot = try call("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true,
                                                       "clip": ["x": 0, "y": 0, "width": width, "height": height, "scale": 1]])
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Chromium.ProtocolError(description: "Page.captureScreenshot returned no image")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
        browser.log.note("screenshot \(path) (\(data.count) bytes, \(Int(width))x\(Int(height)))")
    }

    /// A JavaScript string literal.
    static func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text])
        return String(decoding: data ?? Data("[\"\"]".utf8), as: UTF8.self).dropFirst().dropLast().description
    }
}
