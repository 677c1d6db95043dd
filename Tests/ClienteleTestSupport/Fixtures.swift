import Foundation

/// The shared fixture files in Tests/ClienteleTestSupport/Fixtures (see its SOURCE.md): the CDNOW data set.
public enum Fixtures {
    /// A fixture is not in the bundle (a misspelt name or a packaging mistake).
    public struct Missing: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "no fixture named \(name) in ClienteleTestSupport/Fixtures" }
    }

    /// The absolute path of fixture `name`.
    /// - Throws: ``Missing``.
    public static func path(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw Missing(name: name)
        }
        return url.path
    }

    /// The text of fixture `name` (UTF-8).
    /// - Throws: ``Missing``; a read error.
    public static func text(_ name: String) throws -> String {
        try String(contentsOfFile: try path(name), encoding: .utf8)
    }
}
