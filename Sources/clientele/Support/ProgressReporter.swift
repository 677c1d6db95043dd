import ClienteleImport

/// Shows import progress on standard error: a redrawn bar on a terminal, plain periodic lines otherwise, nothing
/// with `--quiet`.
final class ProgressReporter {
    enum Mode {
        /// A one-line bar redrawn in place (at most 10 times a second).
        case bar
        /// A plain line every `interval` seconds (0: after every update).
        case lines(interval: Double)
        /// Nothing.
        case none
    }

    let mode: Mode
    private var lastDraw = -1.0
    private var drewBar = false
    private var lastLine = ""

    init(mode: Mode) { self.mode = mode }

    /// The mode for standard error: a bar on a terminal, lines every `interval` seconds otherwise.
    static func automatic(quiet: Bool, interval: Double?) -> ProgressReporter {
        if quiet { return ProgressReporter(mode: .none) }
        if let interval { return ProgressReporter(mode: .lines(interval: interval)) }
        return ProgressReporter(mode: Console.err.isTerminal ? .bar : .lines(interval: 2))
    }

    func update(_ progress: ImportProgress) {
        switch mode {
        case .none:
            return
        case .bar:
            guard progress.elapsed - lastDraw >= 0.1 || lastDraw < 0 else { return }
            lastDraw = progress.elapsed
            Console.err.write("\r\u{1B}[2K" + Self.barLine(progress))
            drewBar = true
        case .lines(let interval):
            // The first line after one interval (a rate over the first milliseconds says little).
            guard progress.elapsed - max(lastDraw, 0) >= interval else { return }
            lastDraw = progress.elapsed
            lastLine = Self.plainLine(progress)
            Console.err.write(lastLine + "\n")
        }
    }

    /// Ends the display for one file, with its final figures.
    func finish(_ progress: ImportProgress?) {
        switch mode {
        case .none:
            break
        case .bar:
            if let progress {
                Console.err.write("\r\u{1B}[2K" + Self.barLine(progress) + "\n")
            } else if drewBar {
                Console.err.write("\n")
            }
        case .lines:
            // The final figures, unless the last line already showed them.
            if let progress, progress.rowsCommitted != progress.rowsRead || !lastLine.contains(
                " \(progress.rowsRead) rows read, \(progress.rowsCommitted) committed")
            {
                Console.err.write(Self.plainLine(progress) + "\n")
            }
        }
        lastLine = ""
        lastDraw = -1
        drewBar = false
    }

    static func barLine(_ p: ImportProgress) -> String {
        let width = 24
        var text = OutputText.escapingControls(shortName(p.file)) + " "
        if let fraction = p.fraction {
            let filled = Int((fraction * Double(width)).rounded(.down))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            text += Format.fixed(fraction * 100, places: 0) + "%  "
        }
        text += Format.grouped(p.rowsRead) + " rows  " + Format.grouped(Int(p.rowsPerSecond)) + " rows/s"
        if let remaining = p.secondsRemaining { text += "  ETA " + Format.duration(remaining) }
        return text
    }

    static func plainLine(_ p: ImportProgress) -> String {
        let file = OutputText.escapingControls(p.file)
        var text = "progress: \(file): \(p.rowsRead) rows read, \(p.rowsCommitted) committed"
        if let fraction = p.fraction { text += ", " + Format.fixed(fraction * 100, places: 1) + "% of bytes" }
        text += ", \(Int(p.rowsPerSecond)) rows/s"
        if let remaining = p.secondsRemaining { text += ", ETA " + Format.duration(remaining) }
        return text
    }

    private static func shortName(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.count > 24 ? "…" + name.suffix(23) : name
    }
}
