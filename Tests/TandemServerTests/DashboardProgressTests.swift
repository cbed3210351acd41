import Foundation
import Hummingbird
import HummingbirdTesting
@testable import TandemServer
import TandemStore
import Testing

@Suite("Dashboard progress of running steps")
struct DashboardProgressTests {
    @Test("a running step shows its latest progress, a newer report shows on the next request, a finished step shows none")
    func progressOfRunningSteps() async throws {
        let h = try await Harness.make()
        let steps = try await h.store.steps(of: h.releaseID)
        let backend = try #require(steps.first { $0.service == "backend" && $0.kind == .deploy })
        _ = try await h.store.markStepRunning(backend.id!)
        try await h.store.recordProgress(backend.id!, "waiting for the preview: 0/2 new pods ready, phase Progressing (10 s of 600 s)")
        try await h.app.test(.router) { client in
            let (cookie, _) = try await DashboardTests.login(client, token: h.tokens["bob"]!)
            let page = { text(try await client.execute(uri: "/releases/\(h.releaseID)", method: .get, headers: [.cookie: cookie])) }
            #expect(try await page().contains("<td>waiting for the preview: 0/2 new pods ready, phase Progressing (10 s of 600 s)</td>"))
            try await Task.sleep(for: .milliseconds(5))  // a later progressAt (stored with millisecond precision)
            try await h.store.recordProgress(backend.id!, "waiting for the preview: 1/2 new pods ready, phase Progressing (20 s of 600 s)")
            #expect(try await page().contains("<td>waiting for the preview: 1/2 new pods ready, phase Progressing (20 s of 600 s)</td>"))
            _ = try await h.store.markStepSucceeded(backend.id!)
            #expect(!(try await page()).contains("waiting for the preview"))
        }
    }
}
