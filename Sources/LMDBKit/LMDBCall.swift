import CLMDB

/// The one place that turns an LMDB return code into a Swift error. Every `mdb_*` call in LMDBKit passes its
/// result through `check`.
@inline(__always)
func check(_ rc: Int32, _ operation: StaticString) throws(LMDBError) {
    if rc != 0 { throw LMDBError.mdb(MDBCode(rawValue: rc), operation: "\(operation)") }
}

/// Copies a Swift byte view into an `MDB_val` for the duration of `body`.
@inline(__always)
func withMDBVal<R>(
    _ bytes: UnsafeRawBufferPointer, _ body: (inout MDB_val) throws -> R
) rethrows -> R {
    var val = MDB_val(mv_size: bytes.count, mv_data: UnsafeMutableRawPointer(mutating: bytes.baseAddress))
    return try body(&val)
}

extension MDB_val {
    /// A view of the bytes LMDB points at; valid only until the transaction ends or writes again.
    @inline(__always)
    var buffer: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: mv_data, count: mv_size)
    }
}
