import Testing
@testable import Clientele

/// Reopening with another currency scale or UTC offset than the stored ones throws (issue 13 item 8); options left
/// unset take the stored values.
@Suite("Reopening with other settings")
struct ReopenSettingsTests {
    @Test func anotherScaleOrOffsetIsATypedErrorAndUnsetTakesTheStoredOnes() throws {
        var options = TemporaryStore.defaultOptions
        options.currencyScale = 0
        options.utcOffsetSeconds = 3_600
        let temp = try TemporaryStore(options: options)
        try temp.store.write { try $0.record(line("c1", at(2024, 1, 5), 2_450)) }
        try temp.close()

        var otherScale = TemporaryStore.defaultOptions
        otherScale.currencyScale = 2
        otherScale.utcOffsetSeconds = 3_600
        #expect(throws: ClienteleError.settingsMismatch(setting: "currency scale", stored: 0, requested: 2)) {
            _ = try Store.open(at: temp.path, options: otherScale)
        }
        var otherOffset = TemporaryStore.defaultOptions
        otherOffset.currencyScale = 0
        otherOffset.utcOffsetSeconds = -3_600
        #expect(throws: ClienteleError.settingsMismatch(setting: "UTC offset", stored: 3_600, requested: -3_600)) {
            _ = try Store.open(at: temp.path, options: otherOffset)
        }

        let unset = try Store.open(at: temp.path, options: TemporaryStore.defaultOptions)
        #expect(unset.currencyScale == 0)
        #expect(unset.utcOffsetSeconds == 3_600)
        #expect(try unset.verify().isClean)
    }
}
