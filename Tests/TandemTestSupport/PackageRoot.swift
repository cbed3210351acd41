import Foundation

/// The checkout this test support was built from (this file is Tests/TandemTestSupport/PackageRoot.swift).
public enum PackageRoot {
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static var path: String { url.path }
}
