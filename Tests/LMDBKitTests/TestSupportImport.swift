// Every file of this target sees the shared test support (temporary stores and directories, seeds, threads, fixtures).
@_exported import ClienteleTestSupport
