import Foundation
import FuzzHarness
import Testing

/// Replays every input of the committed fuzz corpus (Fuzz/Corpus/TARGET, grown by Fuzz/run.sh, including every crash
/// found once it was fixed) through the properties the fuzz targets check.
@Suite("Fuzz corpus replay")
struct FuzzCorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    @Test(arguments: ["csv", "amount", "timestamp", "records", "keys", "identity"])
    func corpusHoldsItsProperty(target: String) throws {
        let check = try #require(FuzzHarness.targets[target])
        let folder = Self.corpus.appendingPathComponent(target)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!files.isEmpty, "no corpus for \(target)")
        for file in files {
            let data = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(check(data) == nil, "\(target)/\(file): \(check(data) ?? "")")
        }
    }
}
