import Testing

/// The check the malformed-input and hostile-input corpora make of each refused purchase file: imported into a store
/// seeded with the purchase file `base`, `bad` is refused with exit 65 and the first line of standard error starts
/// with `FILE:LINE: column NAME: ` (without the column part when `column` is nil) and holds `reason`; the store is
/// left as it was (the same `stats`, verify clean).
/// - Returns: The refused import's output, for the caller's own checks.
@discardableResult
func expectRefusedImport(
    base: String, bad: [UInt8], line: Int, column: String?, reason: String,
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> CLI.Result {
    let dir = try TemporaryDirectory()
    let store = dir.file("store")
    let baseFile = try dir.write("base.csv", base)
    let seeded = try CLI.run(["import", "purchases", "--store", store, "--quiet", baseFile])
    #expect(seeded.status == 0, "\(seeded)", sourceLocation: sourceLocation)
    let before = try CLI.run(["stats", "--store", store, "--output", "csv"])

    let file = try dir.write("bad.csv", bad)
    let result = try CLI.run(["import", "purchases", "--store", store, "--quiet", file])
    #expect(result.status == 65, "\(result)", sourceLocation: sourceLocation)
    let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
    var expected = "\(file):\(line): "
    if let column { expected += "column \(column): " }
    #expect(firstLine.hasPrefix(expected), "\(firstLine)", sourceLocation: sourceLocation)
    #expect(firstLine.contains(reason), "\(firstLine)", sourceLocation: sourceLocation)

    let after = try CLI.run(["stats", "--store", store, "--output", "csv"])
    #expect(StatsSnapshot(before.stdout) == StatsSnapshot(after.stdout), sourceLocation: sourceLocation)
    let verify = try CLI.run(["verify", "--store", store])
    #expect(verify.status == 0, "\(verify)", sourceLocation: sourceLocation)
    return result
}
