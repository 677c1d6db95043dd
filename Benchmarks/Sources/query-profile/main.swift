// query-profile: runs one population query on an existing store, N times, printing each call's time. A small target
// for profilers, without the harness around it:
//
//   valgrind --tool=callgrind Benchmarks/.build/release/query-profile STORE summary 1
//   perf record -g Benchmarks/.build/release/query-profile STORE segments 20
//
// QUERY: summary | segments (score cache dropped before each call) | top (100 by monetary) | lapsed (180 days)
#if canImport(Glibc)
import Glibc
#endif
import Clientele

let arguments = CommandLine.arguments
guard arguments.count >= 3, let runs = Int(arguments.count > 3 ? arguments[3] : "1"), runs >= 1 else {
    print("usage: query-profile STORE summary|segments|top|lapsed [RUNS]")
    exit(64)
}
let store = try Store.openExisting(at: arguments[1])
let query: () throws -> Int
switch arguments[2] {
case "summary": query = { try store.summary().count }
case "segments": query = {
    store.invalidateScoreCache()
    return try store.segmentSummary().count
}
case "top": query = { try store.top(by: .monetary, limit: 100).count }
case "lapsed":
    let since = Instant(microseconds: Instant.now.microseconds - 180 * 86_400_000_000)
    query = { try store.lapsed(since: since, limit: Int.max).count }
default:
    print("unknown query \(arguments[2])")
    exit(64)
}
for _ in 0..<runs {
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let rows = try query()
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    let ms = Double(end.tv_sec - start.tv_sec) * 1000 + Double(end.tv_nsec - start.tv_nsec) / 1e6
    print("\(arguments[2]): \(rows) rows in \(ms) ms")
}
