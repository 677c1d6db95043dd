import CLMDB

extension Environment {
    /// The named tables the environment holds and how many entries each has, read on one snapshot without creating
    /// or changing anything (for deciding whether a file is one's own before writing to it).
    /// - Throws: `LMDBError.mdb` (`.incompatible` when the main database holds a key that is not a table).
    public func tableEntryCounts() throws -> [String: Int] {
        try read { txn in
            guard let main = try MDB.dbiOpen(txn, nil, create: false) else { return [:] }
            var names: [String] = []
            let cursor = try MDB.cursorOpen(txn, main)
            defer { MDB.cursorClose(cursor) }
            var key = MDB_val(), value = MDB_val()
            var found = try MDB.cursorGet(txn, cursor, &key, &value, MDB_FIRST)
            while found {
                names.append(String(decoding: key.buffer, as: UTF8.self))
                found = try MDB.cursorGet(txn, cursor, &key, &value, MDB_NEXT)
            }
            var counts: [String: Int] = [:]
            for name in names {
                let dbi = try MDB.dbiOpenExisting(txn, name)
                counts[name] = Int(try MDB.stat(txn, dbi).ms_entries)
            }
            return counts
        }
    }
}
