import Testing

@Suite("Exit codes")
struct ExitCodeTests {
    @Test("a usage error (missing argument, value outside a choice) exits 2 with the usage message")
    func usageErrorExitsTwo() throws {
        let missing = try TandemBinary.run(["plan", "validate"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("Missing expected argument"))
        let badChoice = try TandemBinary.run(["plan", "order", "plans/loan-app.yaml", "--format", "xml"])
        #expect(badChoice.status == 2)
        #expect(badChoice.stderr.contains("--format"))
    }

    @Test("--help exits 0 and shows an example")
    func helpExitsZero() throws {
        let help = try TandemBinary.run(["plan", "order", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("tandem plan order"))
    }
}
