import Testing

/// `--version` is both the root's "print the version" flag and `release start`'s release version.
/// ArgumentParser's built-in version flag printed the version and exited 0 for any command line
/// that failed to parse and contained `--version` — a bad flag on `release start` looked like success.
@Suite("tandem --version")
struct VersionFlagTests {
    @Test("a bad option next to a release's --version is an error (exit 2), not the version with exit 0")
    func badOptionWithReleaseVersionFails() throws {
        let result = try TandemBinary.run(["release", "start", "plans/loan-app.yaml", "--version", "2.0", "--api-retry-for", "soon"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("--api-retry-for \"soon\" is not a duration"), "\(result.stderr)")
        #expect(!result.stdout.contains("commit"), "\(result.stdout)")
    }

    @Test("tandem --version alone prints the version and the commit, exit 0")
    func rootVersion() throws {
        let result = try TandemBinary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("tandem ") && result.stdout.contains("(commit "), "\(result.stdout)")
    }
}
