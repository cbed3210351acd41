import Foundation
import TandemStore

/// The HTML of the releases list and of one release.
enum ReleasePage {
    /// The releases list; ages and the signed-in user are holes filled per request. `progress`: how far each version
    /// set got through its plan's environments (shown above the list when any release went to an environment).
    static func list(_ releases: [ReleaseSummaryView], progress: [EnvironmentProgress] = []) -> PageTemplate {
        var body = PageTemplate("<h1>Releases</h1>")
        guard !releases.isEmpty else {
            body += "<p>No releases yet. Start one with <code>tandem release start</code>.</p>"
            return HTML.page(title: "Releases", body: body)
        }
        body += environments(progress)
        body += """
        <table><caption class="muted">Newest first</caption><thead><tr><th scope="col">Release</th><th scope="col">Plan</th>\
        <th scope="col">Environment</th><th scope="col">Versions</th><th scope="col">State</th><th scope="col">Started by</th>\
        <th scope="col">Age</th></tr></thead><tbody>
        """
        for r in releases {
            let id = HTML.escape(r.id)
            let row: String = "<tr><td><a href=\"/releases/\(id)\">\(id)</a></td><td>\(HTML.escape(r.plan))</td>"
                + "<td>\(HTML.escape(r.environment ?? ""))</td>"
                + "<td>\(HTML.escape(versionList(r.versions)))</td><td>\(HTML.stateBadge(r.state.rawValue))</td>"
                + "<td>\(HTML.escape(r.startedBy))</td><td><time datetime=\"\(TandemJSON.format(r.createdAt))\">"
            body += row
            body.append(.age(r.createdAt))
            body += "</time></td></tr>"
        }
        body += "</tbody></table>"
        return HTML.page(title: "Releases", body: body)
    }

    /// Per version set, how far it got: each environment links to the newest release of those versions there.
    static func environments(_ progress: [EnvironmentProgress]) -> String {
        guard !progress.isEmpty else { return "" }
        let rows = progress.map { (row) -> String in
            let stages = row.stages.map { (stage) -> String in
                let label = HTML.escape("\(stage.environment) \(stage.mark)")
                guard let id = stage.releaseID else { return "<span class=\"muted\">\(label)</span>" }
                return "<a href=\"/releases/\(HTML.escape(id))\">\(label)</a>"
            }.joined(separator: " → ")
            return "<tr><td>\(HTML.escape(row.plan))</td><td>\(HTML.escape(versionList(row.versions)))</td>"
                + "<td class=\"env-progress\" aria-label=\"\(HTML.escape(row.text))\">\(stages)</td></tr>"
        }.joined()
        return """
        <section aria-labelledby="env-h"><h2 id="env-h">Environments</h2><table><caption class="muted">How far each version set got \
        (✓ succeeded, — not released there)</caption><thead><tr><th scope="col">Plan</th><th scope="col">Versions</th>\
        <th scope="col">Environments</th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }

    static func versionList(_ versions: [String: String]) -> String {
        versions.sorted { $0.key < $1.key }.map { (entry) -> String in "\(entry.key)=\(entry.value)" }.joined(separator: ", ")
    }

    /// One release. Built from the store once per change of the release (see `DashboardCache`); the user,
    /// the CSRF token, the flash/error lines and the ages are holes filled per request.
    static func release(_ view: ReleaseStatusView, events: [EventView]) -> PageTemplate {
        let r = view.release
        var body = PageTemplate("<h1>Release \(HTML.escape(r.id))</h1>")
        body.append(.notices)
        body += """
        <p>Plan <strong>\(HTML.escape(r.plan))</strong> in namespace \(HTML.escape(r.namespace)) · \(HTML.escape(versionList(r.versions))) · \
        <span id="release-state">\(HTML.stateBadge(r.state.rawValue))</span> · started by \(HTML.escape(r.startedBy)) 
        """
        body.append(.age(r.createdAt))
        body += " · plan hash <code>\(HTML.escape(String(r.planHash.prefix(19))))</code></p>"
        body += environmentLine(r)
        if let message = r.message { body += "<p>\(HTML.escape(message))</p>" }
        body += "<section aria-labelledby=\"graph-h\"><h2 id=\"graph-h\">Deploy order</h2>\(WaveGraph.svg(view.steps))</section>"
        body += checkpoints(view)
        body += steps(view.steps)
        body += pairing(view.steps, events: events)
        body += timeline(events)
        let last = events.last?.id ?? 0
        return HTML.page(title: "Release \(r.id)", body: body, script: liveScript(releaseID: r.id, lastEventID: last))
    }

    /// "Environment production · promoted from <link> · change CHG0030001", for a release to an environment.
    static func environmentLine(_ r: ReleaseSummaryView) -> String {
        var parts: [String] = []
        if let environment = r.environment { parts.append("Environment <strong id=\"environment\">\(HTML.escape(environment))</strong>") }
        if let source = r.promotedFrom {
            let id = HTML.escape(source)
            parts.append("promoted from <a id=\"promoted-from\" href=\"/releases/\(id)\">\(id)</a>")
        }
        if let changes = r.changes, !changes.isEmpty {
            parts.append("change\(changes.count == 1 ? "" : "s") \(changes.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: ", "))")
        }
        return parts.isEmpty ? "" : "<p>\(parts.joined(separator: " · "))</p>"
    }

    static func checkpoints(_ view: ReleaseStatusView) -> PageTemplate {
        guard !view.checkpoints.isEmpty else { return PageTemplate() }
        var html = PageTemplate("<section aria-labelledby=\"cp-h\"><h2 id=\"cp-h\">Checkpoints</h2>")
        for c in view.checkpoints {
            let who = c.approvers.isEmpty ? "anyone" : c.approvers.joined(separator: ", ")
            html += "<h3>\(HTML.escape(c.name)) \(HTML.stateBadge(c.state.rawValue))</h3>"
            html += "<p>Needs \(c.requiredApprovals) approval(s) from \(HTML.escape(who)).</p>"
            if !c.approvals.isEmpty {
                html += "<ul>"
                for a in c.approvals {
                    html += "<li>\(HTML.escape(a.by)) \(a.verdict == .approve ? "approved" : "rejected") "
                    html.append(.age(a.at))
                    html += "\(a.comment.map { ": " + HTML.escape($0) } ?? "")</li>"
                }
                html += "</ul>"
            }
            if c.state == .waiting { html += decisionForm(view.release, c.name) }
        }
        html += "</section>"
        return html
    }

    /// The Approve / Reject form: a plain POST carrying the session's CSRF token (a hole) and the plan hash shown.
    static func decisionForm(_ r: ReleaseSummaryView, _ checkpoint: String) -> PageTemplate {
        let base = "/releases/\(HTML.escape(r.id))/checkpoints/\(HTML.escape(checkpoint))"
        let field = "comment-\(HTML.escape(checkpoint))"
        var form = PageTemplate("<form method=\"post\" action=\"\(base)/decide\">\n<input type=\"hidden\" name=\"csrf\" value=\"")
        form.append(.csrf)
        form += """
        "><input type="hidden" name="planHash" value="\(HTML.escape(r.planHash))">
        <label for="\(field)">Comment (a rejection needs a reason)</label><textarea id="\(field)" name="comment" rows="2"></textarea>
        <p><button class="approve" type="submit" name="verdict" value="approve">Approve</button> \
        <button class="reject" type="submit" name="verdict" value="reject">Reject</button></p></form>
        """
        return form
    }

    static func steps(_ steps: [StepView]) -> String {
        let rows = steps.map { (s) -> String in
            let what = s.service ?? s.checkpoint ?? ""
            return "<tr id=\"step-\(s.ordinal)\"><td>\(s.ordinal)</td><td>\(HTML.escape(s.kind.rawValue))</td><td>\(HTML.escape(what))</td>" +
                "<td>\(s.wave.map(String.init) ?? "")</td><td class=\"step-state\">\(HTML.stateBadge(s.state.rawValue))</td>" +
                "<td>\(s.attempt)</td><td>\(HTML.escape(s.error ?? s.progress ?? ""))</td></tr>"
        }.joined()
        return """
        <section aria-labelledby="steps-h"><h2 id="steps-h">Steps</h2><table><thead><tr><th scope="col">#</th><th scope="col">Kind</th>\
        <th scope="col">Service / checkpoint</th><th scope="col">Wave</th><th scope="col">State</th><th scope="col">Attempt</th>\
        <th scope="col">Error / progress</th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }

    /// The pairing report, when a step's detail or an event's data carries one (`pairing` key); never invented.
    static func pairing(_ steps: [StepView], events: [EventView]) -> String {
        var reports: [(JSONValue, String)] = []
        for s in steps { if case let .object(o)? = s.detail, let p = o["pairing"] { reports.append((p, "From step \(s.ordinal)")) } }
        for e in events {
            if case let .object(o)? = e.data, let p = o["pairing"] { reports.append((p, "Live objects, \(e.message) (\(TandemJSON.format(e.at)))")) }
        }
        let content = reports.last.map { report, caption in
            PairingTable.render(report, caption: caption) ?? "<pre>\(HTML.escape(prettyJSON(report)))</pre>"
        } ?? recordedPairing(steps)
            ?? "<p class=\"muted\">The pairing report is available when the cluster is reachable (run <code>tandem pairs</code>); this release has not recorded one.</p>"
        return "<section aria-labelledby=\"pair-h\"><h2 id=\"pair-h\">Pairing</h2>\(content)</section>"
    }

    /// What the steps recorded about pairing: the pinned Services (`pin` steps) and the consumers' ConfigMaps.
    static func recordedPairing(_ steps: [StepView]) -> String? {
        var rows = ""
        for s in steps {
            guard case let .object(detail)? = s.detail, let service = s.service else { continue }
            if s.kind == .pin, case let .string(pinned)? = detail["service"] {
                rows += "<tr><td>\(HTML.escape(service))</td><td>pinned Service</td><td><code>\(HTML.escape(pinned))</code></td>" +
                    "<td>\(HTML.stateBadge(s.state.rawValue))</td></tr>"
            }
            if s.kind == .deploy, case let .array(maps)? = detail["configMaps"], !maps.isEmpty {
                let names = maps.compactMap { if case let .string(n) = $0 { HTML.escape(n) } else { nil } }
                rows += "<tr><td>\(HTML.escape(service))</td><td>reads ConfigMap</td><td><code>\(names.joined(separator: ", "))</code></td>" +
                    "<td>\(HTML.stateBadge(s.state.rawValue))</td></tr>"
            }
        }
        guard !rows.isEmpty else { return nil }
        return """
        <table><caption class="muted">As recorded by the release's steps</caption><thead><tr><th scope="col">Service</th>\
        <th scope="col">Pairing</th><th scope="col">Object</th><th scope="col">Step</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }

    static func timeline(_ events: [EventView]) -> String {
        let items = events.map { (e) -> String in
            "<li><time datetime=\"\(TandemJSON.format(e.at))\">\(TandemJSON.format(e.at))</time> \(HTML.escape(e.message))</li>"
        }.joined()
        return "<section aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">Timeline</h2><ol id=\"timeline\" aria-live=\"polite\">\(items)</ol></section>"
    }

    static func prettyJSON(_ value: JSONValue) -> String {
        (try? TandemJSON.string(value, pretty: true)) ?? value.text
    }

    /// Follows `/releases/{id}/events` (the cookie-authenticated SSE) and appends to the timeline; reloads the
    /// page when a step or checkpoint changes (not while a comment is being typed). Without JavaScript: reload by hand.
    static func liveScript(releaseID: String, lastEventID: Int64) -> String {
        """
        (function(){if(!window.EventSource)return;var tl=document.getElementById('timeline');
        var es=new EventSource('/releases/\(releaseID)/events?lastEventId=\(lastEventID)');var t=null;
        es.onmessage=function(){};es.addEventListener('end',function(){es.close();});
        function add(e){try{var d=JSON.parse(e.data);var li=document.createElement('li');li.textContent=d.at+' '+d.message;tl.appendChild(li);
        if(/^(step|checkpoint|release)\\./.test(d.kind)){clearTimeout(t);t=setTimeout(reload,800);}}catch(x){}}
        function reload(){var a=document.activeElement;if(a&&a.tagName==='TEXTAREA'&&a.value){t=setTimeout(reload,2000);return;}location.reload();}
        ['release.started','release.state','step.running','step.succeeded','step.failed','step.skipped','steps.added',
        'checkpoint.waiting','checkpoint.approval','checkpoint.approved','checkpoint.rejected'].forEach(function(k){es.addEventListener(k,add);});})();
        """
    }
}
