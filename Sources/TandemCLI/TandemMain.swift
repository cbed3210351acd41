import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Entry point used by the `tandem` executable. Maps every error to a documented exit code.
public enum TandemMain {
    public static func run(arguments: [String]? = nil) async -> Never {
        MallocArenas.limitUnlessConfigured()
        // `tandem --version` is answered here, not through CommandConfiguration.version: with that set,
        // ArgumentParser prints the version and exits 0 for any failed parse whose arguments contain
        // `--version` — and `release start --version V` with a bad flag would then "succeed".
        if (arguments ?? Array(CommandLine.arguments.dropFirst())) == ["--version"] {
            print(BuildInfo.description)
            exit(ExitStatus.success.rawValue)
        }
        do {
            var command = try TandemCommand.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.success.rawValue)
        } catch let failure as ReportedFailure {
            exit(failure.exitStatus.rawValue)
        } catch let error as ExitCodeProviding {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(error.exitStatus.rawValue)
        } catch {
            // ArgumentParser errors keep their own messages; `--help` exits 0 and a usage
            // error exits 2 (invalid input), as the product contract says.
            let code = TandemCommand.exitCode(for: error)
            if code == .success {
                TandemCommand.exit(withError: error)
            }
            let message = TandemCommand.fullMessage(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data("\(message)\n".utf8))
                exit(ExitStatus.invalidInput.rawValue)
            }
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            exit(ExitStatus.otherError.rawValue)
        }
    }
}
