import Foundation
import TandemGates
import TandemTestSupport
import Testing

@Suite("ServiceNow change gate")
struct ServiceNowGateTests {
    static let release = GateRelease(id: "r-1", plan: "loan-app", environment: "production",
                                     versions: ["backend": "2.0", "frontend": "2.0"], checkpoint: "change", changes: ["CHG0030001"])

    func withFake(_ body: (FakeServiceNow, String) async throws -> Void) async throws {
        let fake = FakeServiceNow()
        let port = try await fake.start()
        do { try await body(fake, "http://127.0.0.1:\(port)") } catch { await fake.stop(); throw error }
        await fake.stop()
    }

    func client(_ url: String, _ fake: FakeServiceNow, bearer: Bool = false, transport: HTTPGateTransport) -> ServiceNowGateClient {
        let credentials: ServiceNowCredentials = bearer ? .bearer(token: fake.token) : .basic(user: fake.user, password: fake.password)
        return ServiceNowGateClient(instance: url, credentials: credentials, transport: transport).retrying(attempts: 3, firstPause: .milliseconds(10))
    }

    @Test("an approved change in Implement, inside its window and listing every version passes (Basic and bearer)")
    func passes() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001")
            let transport = HTTPGateTransport()
            #expect(try await client(url, fake, transport: transport).verdict(for: Self.release) == .pass)
            #expect(try await client(url, fake, bearer: true, transport: transport).verdict(for: Self.release) == .pass)
            await transport.shutdown()
            let authorizations = fake.state.withLock { $0.authorizations }
            #expect(authorizations.contains { $0.hasPrefix("Basic ") } && authorizations.contains("Bearer \(fake.token)"))
        }
    }

    @Test("a change still requested waits, naming the missing approval")
    func requestedWaits() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001", ["approval": "requested", "state": "-3"])
            let transport = HTTPGateTransport()
            let verdict = try await client(url, fake, transport: transport).verdict(for: Self.release)
            await transport.shutdown()
            #expect(verdict == .wait("change CHG0030001 is not approved yet (approval: requested)"))
        }
    }

    @Test("a window that has not opened waits; one that ended rejects")
    func window() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            let transport = HTTPGateTransport()
            fake.put("CHG0030001", ["start_date": FakeServiceNow.date(600), "end_date": FakeServiceNow.date(1200)])
            let early = try await client(url, fake, transport: transport).verdict(for: Self.release)
            #expect(early.reason?.hasPrefix("the window of change CHG0030001 opens at ") == true, "\(early)")
            if case .wait = early {} else { Issue.record("expected a wait, got \(early)") }
            fake.put("CHG0030001", ["start_date": FakeServiceNow.date(-1200), "end_date": FakeServiceNow.date(-600)])
            let late = try await client(url, fake, transport: transport).verdict(for: Self.release)
            await transport.shutdown()
            #expect(late == .reject("the window of change CHG0030001 ended at \(FakeServiceNow.date(-600)) UTC")
                    || late.reason?.hasPrefix("the window of change CHG0030001 ended at ") == true, "\(late)")
            if case .reject = late {} else { Issue.record("expected a rejection, got \(late)") }
        }
    }

    @Test("rejected, cancelled and closed changes reject the checkpoint")
    func rejections() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            let transport = HTTPGateTransport()
            let gate = client(url, fake, transport: transport)
            fake.put("CHG0030001", ["approval": "rejected"])
            #expect(try await gate.verdict(for: Self.release) == .reject("change CHG0030001 was rejected in ServiceNow"))
            fake.put("CHG0030001", ["state": "4"])
            #expect(try await gate.verdict(for: Self.release) == .reject("change CHG0030001 is Canceled: it no longer allows a deployment"))
            fake.put("CHG0030001", ["state": "3"])
            #expect(try await gate.verdict(for: Self.release) == .reject("change CHG0030001 is Closed: it no longer allows a deployment"))
            await transport.shutdown()
        }
    }

    @Test("a change listing other versions is refused with the difference")
    func otherVersions() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001", versions: "backend=1.9, frontend=2.0")
            let transport = HTTPGateTransport()
            let verdict = try await client(url, fake, transport: transport).verdict(for: Self.release)
            await transport.shutdown()
            #expect(verdict == .reject("change CHG0030001 does not list backend=2.0 in description; it lists backend=1.9, frontend=2.0"))
        }
    }

    @Test("the configured field is read instead of description")
    func configuredField() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001", ["u_versions": "backend=2.0\nfrontend=2.0"], versions: "nothing")
            let transport = HTTPGateTransport()
            var gate = client(url, fake, transport: transport)
            gate.field = "u_versions"
            #expect(try await gate.verdict(for: Self.release) == .pass)
            await transport.shutdown()
        }
    }

    @Test("401 is an error naming the variables to set, without the credentials")
    func unauthorized() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001")
            let transport = HTTPGateTransport()
            let gate = ServiceNowGateClient(instance: url, credentials: .basic(user: fake.user, password: "wrong-password"), transport: transport)
            let error = await #expect(throws: GateError.self) { try await gate.verdict(for: Self.release) }
            await transport.shutdown()
            let message = error?.message ?? ""
            #expect(message.contains("HTTP 401"))
            #expect(message.contains("SERVICENOW_USER and SERVICENOW_PASSWORD, or SERVICENOW_TOKEN"))
            #expect(!message.contains("wrong-password") && !message.contains(fake.user))
        }
    }

    @Test("429 and 5xx answers are retried with pauses, then answered")
    func retries() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001")
            fake.state.withLock { $0.failNext = [429, 503] }
            let transport = HTTPGateTransport()
            #expect(try await client(url, fake, transport: transport).verdict(for: Self.release) == .pass)
            #expect(fake.state.withLock { $0.requests } == 3)
            fake.state.withLock { $0.failNext = [503, 503, 503] }
            let verdict = try await client(url, fake, transport: transport).verdict(for: Self.release)
            await transport.shutdown()
            #expect(verdict == .wait("ServiceNow at \(url) is unavailable: HTTP 503"))
        }
    }

    @Test("the work note is PATCHed into work_notes with the release id, versions and outcome")
    func workNote() async throws {
        try await withFake { (fake: FakeServiceNow, url: String) async throws in
            fake.put("CHG0030001")
            let transport = HTTPGateTransport()
            let note = ServiceNowGateClient.workNote(release: Self.release, outcome: "succeeded")
            try await client(url, fake, transport: transport).addWorkNote(note, to: "CHG0030001")
            await transport.shutdown()
            #expect(fake.state.withLock { $0.workNotes["CHG0030001"] } == [
                "tandem release r-1 (plan loan-app, environment production) succeeded: backend=2.0 frontend=2.0",
            ])
        }
    }

    @Test("credentials come from SERVICENOW_TOKEN, else SERVICENOW_USER and SERVICENOW_PASSWORD")
    func credentials() throws {
        #expect(try ServiceNowCredentials.from(environment: ["SERVICENOW_TOKEN": "t"]) == .bearer(token: "t"))
        #expect(try ServiceNowCredentials.from(environment: ["SERVICENOW_USER": "u", "SERVICENOW_PASSWORD": "p"]) == .basic(user: "u", password: "p"))
        let error = #expect(throws: GateError.self) { try ServiceNowCredentials.from(environment: [:]) }
        #expect(error?.message.contains("set SERVICENOW_USER and SERVICENOW_PASSWORD, or SERVICENOW_TOKEN") == true)
        #expect("\(ServiceNowCredentials.basic(user: "u", password: "pw-secret"))".contains("pw-secret") == false)
    }
}
