import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Entry point used by the `tandem` executable. Maps every error to a documented exit code.
public enum TandemMain {
    public static func run(arguments: [String]? = nil) async -> Never {
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
            // ArgumentParser errors (usage, --help, validation) keep their own messages.
            let code = TandemCommand.exitCode(for: error)
            if code == .success || code == .validationFailure {
                TandemCommand.exit(withError: error)
            }
            let message = TandemCommand.fullMessage(for: error)
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            exit(ExitStatus.otherError.rawValue)
        }
    }
}
