@_exported import ClientelePredict
