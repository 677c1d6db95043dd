// What every test target needs beside the helpers: the seedable generator the helpers are built on.
@_exported import struct ClientelePredict.SplitMix64
