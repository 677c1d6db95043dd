import ArgumentParser

/// The order of the generated `purchases.csv`.
enum PurchaseOrder: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// Sorted by time with customers interleaved, order ids `1...M` in that order: how a shop exports its orders.
    case time
    /// Each customer's lines together, in customer order (order ids `O<customer>-<k>`).
    case customer
}

extension SyntheticShop {
    /// A purchase line kept for the time-ordered file.
    struct Line: Sendable {
        var seconds: Int64
        var cents: Int64
        var customer: Int32
        /// For a refund, the position (in customer order) of the purchase it refunds; `-1` for a purchase.
        var original: Int32
        var category: UInt8
        var quantity: UInt8
        var channel: UInt8
    }

    /// Writes `lines` (in customer order) to `fd` sorted by time, ties by customer order, with order ids `1...M` in
    /// the written order; a refund's `refund_of` is its purchase's new id (always smaller: refunds come days later).
    /// - Returns: The bytes written.
    static func writeTimeOrdered(_ lines: [Line], idWidth: Int, to fd: Int32) throws -> Int {
        var permutation = Array(0..<Int32(clamping: lines.count))
        lines.withUnsafeBufferPointer { lines in
            permutation.sort { a, b in
                let (x, y) = (lines[Int(a)].seconds, lines[Int(b)].seconds)
                return x != y ? x < y : a < b
            }
        }
        // The new order id of the line at each position (in customer order).
        var ids = [Int32](repeating: 0, count: lines.count)
        var out = ByteBuffer(capacity: 1 << 22)
        var written = 0
        for (rank, position) in permutation.enumerated() {
            let line = lines[Int(position)]
            let id = rank + 1
            ids[Int(position)] = Int32(clamping: id)
            out.append(UInt8(ascii: "C"))
            out.append(Int(line.customer), width: idWidth)
            out.append(UInt8(ascii: ","))
            out.append(id)
            out.append(UInt8(ascii: ","))
            out.appendTimestamp(seconds: line.seconds)
            out.append(UInt8(ascii: ","))
            out.appendCents(line.cents)
            out.append(UInt8(ascii: ","))
            out.append(Vocabulary.categories[Int(line.category)])
            out.append(UInt8(ascii: ","))
            out.append(Int(line.quantity))
            out.append(UInt8(ascii: ","))
            out.append(Vocabulary.channels[Int(line.channel)])
            out.append(UInt8(ascii: ","))
            if line.original >= 0 { out.append(Int(ids[Int(line.original)])) }
            out.append(UInt8(ascii: "\n"))
            if out.bytes.count >= 1 << 22 {
                try writeAll(fd, out.bytes)
                written += out.bytes.count
                out.bytes.removeAll(keepingCapacity: true)
            }
        }
        try writeAll(fd, out.bytes)
        return written + out.bytes.count
    }
}
