@_exported import ClientelePredict
// What a service needs from the storage layer, so it never imports LMDBKit: the durability modes, the environment
// options (`StoreOptions.environment`) and the storage error inside `ClienteleError.storage`.
@_exported import enum LMDBKit.Durability
@_exported import struct LMDBKit.EnvironmentOptions
@_exported import struct LMDBKit.EnvironmentInfo
@_exported import enum LMDBKit.LMDBError
@_exported import struct LMDBKit.MDBCode
