#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results of parallel chunk generation, each slot written by one worker.
final class ChunkResults: @unchecked Sendable {
    private var slots: [SyntheticShop.Chunk?]
    private let lock = NSLockLite()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ chunk: SyntheticShop.Chunk) {
        lock.locked { slots[index] = chunk }
    }

    func take() -> [SyntheticShop.Chunk] { lock.locked { slots.compactMap { $0 } } }
}

/// A pthread mutex.
final class NSLockLite: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<R>(_ body: () -> R) -> R {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

/// The processor count without Foundation.
enum ProcessInfoLite {
    static var activeProcessorCount: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
