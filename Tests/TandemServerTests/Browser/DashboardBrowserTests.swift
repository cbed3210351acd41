import Foundation
import Testing

/// The dashboard in a real browser: the real `tandem` binary (simulated cluster, `tandem serve`, a release
/// started with `--wait`) and headless Chromium driven over the DevTools protocol. Runs when `chromium` is on
/// the PATH; with TANDEM_REQUIRE_BROWSER=1 (CI) a missing browser is a failure.
@Suite("Dashboard in headless Chromium", .serialized)
struct DashboardBrowserTests {
    static let chromium = Chromium.find()
    static let required = ProcessInfo.processInfo.environment["TANDEM_REQUIRE_BROWSER"] == "1"
    static let artifacts = DashboardWorld.root + "/.build/test-artifacts"

    @Test("sign in, see the checkpoint waiting, click Approve, and watch the release succeed",
          .enabled(if: chromium != nil || required, "chromium is not on the PATH (set TANDEM_REQUIRE_BROWSER=1 to require it)"))
    func approveInBrowser() throws {
        guard let executable = Self.chromium else {
            Issue.record("TANDEM_REQUIRE_BROWSER=1 but chromium is not on the PATH: install chromium (apt-get install chromium)")
            return
        }
        let world = try DashboardWorld()
        let driverLog = DriverLog()
        var passed = false
        defer {
            if !passed {
                print("browser test failed; logs follow\n----- driver log -----\n\(driverLog.text)\n" +
                      world.logs(["setup", "sim", "serve", "release", "chromium"]))
            }
            world.stop(keepDirectory: !passed)
        }
        try run(world, chromium: executable, log: driverLog)
        passed = true
    }

    private func run(_ world: DashboardWorld, chromium executable: String, log: DriverLog) throws {
        let plan = DashboardWorld.root + "/plans/loan-app.yaml"
        // The simulated cluster, loan-app at 1.0.
        let sim = try world.start("sim", ["sim", "serve", "--port", "0", "--kubeconfig-out", world.directory + "/sim.kubeconfig"])
        _ = try world.waitForLine(in: "sim", containing: "serving", process: sim)
        let seeded = try world.run(["sim", "seed", plan, "--version", "1.0"])
        try #require(seeded.status == 0, "sim seed: \(seeded.output)")

        // A QA approver and the server.
        let added = try world.run(["serve", "add-user", "alice", "--groups", "qa", "--db", world.directory + "/state.db"])
        try #require(added.status == 0, "add-user: \(added.output)")
        let token = try #require(added.output.split(separator: "\n").last.map(String.init), "add-user printed no token")
        let serve = try world.start("serve", ["serve", "--db", world.directory + "/state.db", "--port", "0"])
        let serving = try world.waitForLine(in: "serve", containing: "tandem serve: http://", process: serve)
        let base = try #require(serving.split(separator: " ").first { $0.hasPrefix("http://") }.map(String.init), "\(serving)")

        // Release 2.0 started by ci-bot (not the approver); --wait continues it after the approval.
        let release = try world.start("release", ["release", "start", plan, "--version", "2.0", "--wait", "--timeout", "5m", "--by", "ci-bot"])
        let id: String = try world.eventually("the release to be recorded") {
            let list = try world.run(["release", "list", "--json"])
            let array = (try? JSONSerialization.jsonObject(with: Data(list.output.utf8))) as? [[String: Any]]
            return array?.first?["id"] as? String
        }

        let browser = try Chromium(executable: executable, stderrPath: world.log("chromium"), log: log)
        defer { browser.shutdown() }
        let page = try BrowserPage.open(browser)

        // Sign in by typing the token.
        try page.navigate(base + "/login")
        try page.wait(for: "the sign-in form", "document.querySelector('#token')")
        try page.click("#token")
        try page.wait(for: "the token field to have focus", "document.activeElement && document.activeElement.id === 'token'")
        try page.type(token)
        try page.click("form[action='/login'] button[type=submit]")
        try page.wait(for: "the releases list with \(id)", "location.pathname === '/' && document.querySelector('a[href=\"/releases/\(id)\"]')")
        try #require(try page.text("nav").contains("signed in as alice"))

        // The release page, live: the checkpoint waits for an approval.
        try page.click("a[href=\"/releases/\(id)\"]")
        try page.wait(for: "the release page with checkpoint qa waiting", timeout: .seconds(90), """
            location.pathname === '/releases/\(id)' && document.querySelector('button.approve') &&
            /qa\\s+waiting/.test((document.querySelector('#cp-h')||{}).parentElement.innerText)
            """)
        let waiting = Self.artifacts + "/dashboard-release-waiting.png"
        try page.screenshot(to: waiting)
        print("screenshot: \(waiting)")
        try #require(try page.text("#release-state") == "waiting")
        // The deploy order as drawn: the backend's wave before the frontend's.
        let graph = try page.evaluate("document.querySelector('svg[role=img]').getAttribute('aria-label')") as? String ?? ""
        try #require(graph.range(of: #"^Deploy order: wave \d+: backend; wave \d+: frontend$"#, options: .regularExpression) != nil, "\(graph)")

        // Approve with a real click on the button; the form posts and redirects back to the page.
        try page.click("#comment-qa")
        try page.type("looks good in QA")
        try page.click("button.approve")
        try page.wait(for: "the approval to be recorded", "/alice approved/.test(document.body.innerText)")

        // The engine (the --wait process) promotes and finishes; the page reloads itself from the SSE stream.
        try page.wait(for: "the release to show succeeded", timeout: .seconds(120),
                      "(document.querySelector('#release-state')||{}).innerText === 'succeeded'")
        let done = Self.artifacts + "/dashboard-release-succeeded.png"
        try page.screenshot(to: done)
        print("screenshot: \(done)")
        let body = try page.text("main")
        try #require(body.contains("alice approved"))
        try #require(body.contains("looks good in QA"))
        try #require(try page.evaluate("document.querySelector('button.approve') === null") as? Bool == true)

        try world.waitForExit(release, timeout: .seconds(60), what: "tandem release start --wait")
        try #require(release.terminationStatus == 0, "release start --wait exited \(release.terminationStatus)")
        let status = try world.run(["release", "status", id, "--json"])
        try #require(status.output.contains("\"succeeded\""), "\(status.output)")
    }
}
