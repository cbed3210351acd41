import Foundation
import PackagePlugin

/// Before every build, writes `BuildCommit.swift` (the git commit the package is built from, or
/// "unknown" outside a git checkout) into the plugin's work directory, never into the source tree,
/// so `tandem version` can name it. The file is rewritten only when the commit changed, so an
/// unchanged checkout recompiles nothing.
@main
struct BuildCommitPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("Generated")
        let file = output.appendingPathComponent("BuildCommit.swift")
        let script = """
            mkdir -p "$(dirname "$2")"
            commit=$(git -C "$1" rev-parse HEAD 2>/dev/null) || commit=unknown
            printf '/// Generated before each build by BuildCommitPlugin.\\nlet buildCommit = "%s"\\n' "$commit" > "$2.new"
            if cmp -s "$2.new" "$2"; then rm -f "$2.new"; else mv "$2.new" "$2"; fi
            """
        return [.prebuildCommand(
            displayName: "Recording the git commit of the build",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script, "sh", context.package.directoryURL.path, file.path],
            outputFilesDirectory: output)]
    }
}
