import FuzzHarness

/// libFuzzer's entry point: checks the "identity" property on one input and traps when it fails.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    if let failure = FuzzHarness.identity(data) { fatalError(failure) }
    return 0
}
