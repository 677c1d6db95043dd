#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LMDBKit
import Testing

/// Opening an environment whose directory's parents are missing creates them, each 0700 (issue 13 item 7: the README
/// example's `/var/lib/shop/clientele`).
@Suite("Missing parent directories")
struct MissingParentsTests {
    @Test func missingParentsAreCreatedPrivate() throws {
        try TemporaryDirectory.with { root in
            let path = root.file("a/b/store")
            let env = try Environment.open(path: path)
            _ = env
            for directory in [root.file("a"), root.file("a/b"), path] {
                var info = stat()
                #expect(stat(directory, &info) == 0, "\(directory)")
                #expect(info.st_mode & 0o777 == 0o700, "\(directory): \(String(info.st_mode & 0o777, radix: 8))")
            }
        }
    }
}
