import Clientele

/// Segment names as typed on the command line: case and punctuation do not matter (`cant-lose-them` is
/// "Can't Lose Them").
enum SegmentName {
    static func resolve(_ text: String, in map: SegmentMap = .standard) throws -> String {
        let wanted = key(text)
        if let name = map.names.first(where: { key($0) == wanted }) { return name }
        throw CLIError(.usage, "unknown segment; segments: " + map.names.joined(separator: ", "))
    }

    private static func key(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .map(Character.init))
    }
}
