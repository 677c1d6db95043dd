import CLMDB

extension Environment {
    /// The named tables the environment holds and how many entries each has, read on one snapshot without creating
    /// or changing anything (for deciding whether a file is one's own before writing to it).
    /// - Throws: `LMDBError.mdb` (`.incompatible` when the main database holds a key that is not a table).
    public func tableEntryCounts() throws -> [String: Int] {
        try read { txn in
            var main: MDB_dbi = 0
            try check(mdb_dbi_open(txn.handle, nil, 0, &main), "mdb_dbi_open")
            var names: [String] = []
            var cursor: OpaquePointer?
            try check(mdb_cursor_open(txn.handle, main, &cursor), "mdb_cursor_open")
            defer { mdb_cursor_close(cursor) }
            var key = MDB_val(), value = MDB_val()
            var rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST)
            while rc == 0 {
                let bytes = UnsafeRawBufferPointer(start: key.mv_data, count: key.mv_size)
                names.append(String(decoding: bytes, as: UTF8.self))
                rc = mdb_cursor_get(cursor, &key, &value, MDB_NEXT)
            }
            guard rc == MDB_NOTFOUND else { throw LMDBError.mdb(MDBCode(rawValue: rc), operation: "mdb_cursor_get") }
            var counts: [String: Int] = [:]
            for name in names {
                var dbi: MDB_dbi = 0
                try check(mdb_dbi_open(txn.handle, name, 0, &dbi), "mdb_dbi_open")
                var stat = MDB_stat()
                try check(mdb_stat(txn.handle, dbi, &stat), "mdb_stat")
                counts[name] = Int(stat.ms_entries)
            }
            return counts
        }
    }
}
