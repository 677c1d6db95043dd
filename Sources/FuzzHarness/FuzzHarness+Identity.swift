import Clientele
import Foundation
import LMDBKit

extension FuzzHarness {
    /// Identity: the input, split at `|` into up to 6 ids, is recorded as customers (and categories and channels) in
    /// several spellings: as given, NFC, NFD, with the canonical singletons (U+212B ANGSTROM SIGN, U+2126 OHM SIGN)
    /// and with visually confusable letters (Cyrillic а, е, о; Greek ο) that are not canonically equivalent. The
    /// spellings that pass the identifier rules must give exactly one customer per NFC form, stored with NFC bytes
    /// and found by every spelling, and `verify` must stay clean.
    public static func identity(_ data: [UInt8]) -> String? {
        let text = String(decoding: data.prefix(512), as: UTF8.self)
        let ids = text.split(separator: "|", omittingEmptySubsequences: true).prefix(6).map(String.init)
        guard !ids.isEmpty else { return nil }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("clientele-fuzz-identity-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            var options = StoreOptions()
            options.environment.initialMapSize = 1 << 20
            options.environment.durability = .relaxed
            let store = try Store.open(at: directory, options: options)
            var accepted: [String: [String]] = [:]  // by the NFC bytes (hex), the spellings stored
            var day: Int64 = 0
            for id in ids {
                for spelling in spellings(of: id) {
                    day += 1
                    let instant = Instant(microseconds: 1_700_000_000_000_000 + day * 86_400_000_000)
                    let purchase = Purchase(customer: spelling, occurredAt: instant, amount: Money(minorUnits: 100),
                                            category: spelling, channel: spelling)
                    do {
                        try store.write { writer in _ = try writer.record(purchase) }
                    } catch ClienteleError.invalidInput {
                        continue
                    }
                    let canonical = Identifiers.canonical(spelling)
                    accepted[hex(canonical), default: []].append(spelling)
                }
            }
            let failure: String? = try store.read { reader in
                guard try reader.counts().customers == accepted.count else {
                    return "\(try reader.counts().customers) customers for \(accepted.count) NFC forms"
                }
                for spellings in accepted.values {
                    let ids = try spellings.map { try reader.customerID(externalID: $0) }
                    guard let first = ids.first, let id = first, ids.allSatisfy({ $0 == id }) else {
                        return "canonically equal spellings found different customers"
                    }
                    guard let profile = try reader.profile(id: id),
                          hex(profile.customer.externalID) == hex(Identifiers.canonical(spellings[0])) else {
                        return "the stored id is not the NFC bytes"
                    }
                }
                return nil
            }
            if let failure { return failure }
            let report = try store.verify()
            return report.isClean ? nil : "verify found \(report.differences.count) differences"
        } catch {
            return "store failed: \(error)"
        }
    }

    /// `id` as given, in NFC and NFD, with canonical singletons, and with confusable letters.
    static func spellings(of id: String) -> [String] {
        let singletons = String(String.UnicodeScalarView(id.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "\u{C5}": "\u{212B}"
            case "\u{3A9}": "\u{2126}"
            default: scalar
            }
        }))
        let confusable = String(String.UnicodeScalarView(id.unicodeScalars.map { scalar -> Unicode.Scalar in
            switch scalar {
            case "a": "\u{430}"
            case "e": "\u{435}"
            case "o": "\u{3BF}"
            default: scalar
            }
        }))
        return [id, id.precomposedStringWithCanonicalMapping, id.decomposedStringWithCanonicalMapping, singletons,
                confusable, confusable.decomposedStringWithCanonicalMapping]
    }

    private static func hex(_ text: String) -> String {
        text.utf8.map { String($0, radix: 16) }.joined(separator: ".")
    }
}
