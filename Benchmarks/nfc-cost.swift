// The cost of bringing an identifier to NFC, as `Identifiers.canonical` (Sources/Clientele/Records/Identifiers.swift)
// does it: an ASCII pass, then the standard library's NFC quick check, then Foundation only for text that may not be
// NFC. Standalone (the same three steps, copied) so it builds in seconds:
//
//   swiftc -O Benchmarks/nfc-cost.swift -o /tmp/nfc-cost && /tmp/nfc-cost
import Foundation

@inline(never) func isASCII(_ value: String) -> Bool {
    value.utf8.withContiguousStorageIfAvailable { bytes in
        var union: UInt8 = 0
        for byte in bytes { union |= byte }
        return union < 0x80
    } ?? false
}

@inline(never) func isQuickNFC(_ value: String) -> Bool {
    var span = value.utf8Span
    return span.checkForNFC(quickCheck: true)
}

@inline(never) func canonical(_ value: String) -> String {
    if isASCII(value) || isQuickNFC(value) { return value }
    return value.precomposedStringWithCanonicalMapping
}

func measure(_ label: String, _ ids: [String]) {
    let calls = 1_000_000
    var bytes = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for index in 0..<calls { bytes &+= canonical(ids[index % ids.count]).utf8.count }
    let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(calls)
    print("\(label): \(String(format: "%.1f", nanoseconds)) ns per id (\(bytes) bytes)")
}

measure("ASCII id (C0000017)", (0..<1000).map { "C\(String(format: "%07d", $0))" })
measure("NFC Latin id (José-17)", (0..<1000).map { "Jos\u{E9}-\($0)" })
measure("NFC CJK id (顧客-17)", (0..<1000).map { "\u{9867}\u{5BA2}-\($0)" })
measure("NFD id (Jose\\u{301}-17)", (0..<1000).map { "Jose\u{301}-\($0)" })
