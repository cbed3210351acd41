import Foundation
import TandemStore
import TandemRelease

/// The dependency graph as SVG: one column per wave (deploy order, left to right), one box per service,
/// coloured by the state of its steps. Waves come from the steps' `wave` numbers (deploy steps).
enum WaveGraph {
    static func svg(_ steps: [StepView]) -> String {
        var waves: [Int: [String]] = [:]
        var states: [String: [StepState]] = [:]
        for step in steps {
            guard let service = step.service else { continue }
            states[service, default: []].append(step.state)
            if step.kind == .deploy, let wave = step.wave, !(waves[wave]?.contains(service) ?? false) {
                waves[wave, default: []].append(service)
            }
        }
        let ordered = waves.keys.sorted()
        guard !ordered.isEmpty else { return "<p class=\"muted\">No deploy steps with waves.</p>" }
        let boxW = 170, boxH = 44, gapX = 70, gapY = 18, top = 28
        let rows = ordered.map { waves[$0]!.count }.max() ?? 1
        let width = ordered.count * (boxW + gapX) - gapX + 20
        let height = top + rows * (boxH + gapY) + 10
        var shapes = ""
        var centers: [[(Int, Int)]] = []
        for (column, wave) in ordered.enumerated() {
            let x = 10 + column * (boxW + gapX)
            shapes += "<text x=\"\(x)\" y=\"16\">wave \(wave)</text>"
            var col: [(Int, Int)] = []
            for (row, service) in waves[wave]!.enumerated() {
                let y = top + row * (boxH + gapY)
                let state = summary(states[service] ?? [])
                let (fill, ink) = colours(state)
                shapes += """
                <g><title>\(HTML.escape(service)): \(state)</title><rect x="\(x)" y="\(y)" width="\(boxW)" height="\(boxH)" rx="6" fill="\(fill)" stroke="#1f2a37"/>\
                <text x="\(x + 10)" y="\(y + 19)" fill="\(ink)" font-weight="600">\(HTML.escape(service))</text>\
                <text x="\(x + 10)" y="\(y + 36)" fill="\(ink)">\(state)</text></g>
                """
                col.append((x, y + boxH / 2))
            }
            centers.append(col)
        }
        var edges = ""
        for i in centers.indices.dropLast() {
            for a in centers[i] { for b in centers[i + 1] {
                edges += "<line x1=\"\(a.0 + boxW)\" y1=\"\(a.1)\" x2=\"\(b.0 - 4)\" y2=\"\(b.1)\" stroke=\"#4b5563\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>"
            } }
        }
        return """
        <svg role="img" aria-label="Deploy order: \(ordered.map { "wave \($0): " + waves[$0]!.joined(separator: ", ") }.joined(separator: "; "))" \
        width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">\
        <defs><marker id="arrow" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#4b5563"/></marker></defs>\
        \(edges)\(shapes)</svg>
        """
    }

    /// failed > running > succeeded (all) > pending.
    static func summary(_ states: [StepState]) -> String {
        if states.contains(.failed) { return "failed" }
        if states.contains(.running) { return "running" }
        if !states.isEmpty, states.allSatisfy({ $0 == .succeeded || $0 == .skipped }) { return "succeeded" }
        if states.contains(.succeeded) { return "in progress" }
        return "pending"
    }

    static func colours(_ state: String) -> (String, String) {
        switch state {
        case "failed": ("#f9dedc", "#410e0b")
        case "running", "in progress": ("#d3e3fd", "#041e49")
        case "succeeded": ("#c4eed0", "#072711")
        default: ("#eceff1", "#1b1f24")
        }
    }
}
