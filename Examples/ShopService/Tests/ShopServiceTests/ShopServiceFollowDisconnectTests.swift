#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Clientele
import Foundation
import Hummingbird
import HummingbirdTesting
import ShopServiceCore
import Testing

/// A follow stream whose client closes its connection ends promptly, with no event to write: the heartbeat's
/// write fails and the stream (and its reader) stops, which `GET /health` shows as `followStreams` back at 0.
@Suite("ShopService follow stream disconnect")
struct ShopServiceFollowDisconnectTests {
    /// A plain TCP connection to 127.0.0.1, so the test controls exactly when the client goes away.
    struct RawConnection {
        let descriptor: Int32

        init(port: Int) throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            try #require(fd >= 0, "socket() failed")
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if connected != 0 { _ = close(fd) }
            try #require(connected == 0, "connect() failed")
            descriptor = fd
        }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            let sent = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            try #require(sent == bytes.count, "write() failed")
        }

        /// Reads until the answer's head (through the blank line) has arrived; returns it.
        func readHead() throws -> String {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            while !String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                try #require(count > 0, "the connection ended before the answer's head")
                received += chunk[0..<count]
            }
            return String(decoding: received, as: UTF8.self)
        }

        func disconnect() { _ = close(descriptor) }
    }

    static func followStreams(_ client: some TestClientProtocol) async throws -> Int {
        try await client.execute(uri: "/health", method: .get) { response in
            #expect(response.status == .ok)
            let answer = try ShopServiceEndToEndTests.object(response.body)
            #expect(answer["status"] as? String == "ok")
            return try #require(answer["followStreams"] as? Int)
        }
    }

    /// Polls `GET /health` every 20 ms until `followStreams == expected` or `limit` passes; returns the time taken,
    /// nil on timeout.
    static func waitForFollowStreams(_ expected: Int, _ client: some TestClientProtocol, within limit: Duration)
        async throws -> Duration?
    {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < limit {
            if try await followStreams(client) == expected { return clock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    @Test func anIdleFollowStreamEndsSoonAfterItsClientCloses() async throws {
        let (store, path) = try ShopServiceEndToEndTests.seededStore()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = ServiceConfiguration(storePath: path, port: 0, modelRefreshSeconds: 0, advanceSeconds: 0,
                                                 followHeartbeatSeconds: 0.2)
        let app = await ShopService.application(store: store, configuration: configuration)
        try await app.test(.live) { client in
            let caughtUp = try await store.read { try $0.lastEventOffset() }
            try await client.execute(uri: "/events/ack?consumer=gone&through=\(caughtUp)", method: .post) { response in
                #expect(response.status == .ok)
            }
            #expect(try await Self.followStreams(client) == 0)

            let connection = try RawConnection(port: try #require(client.port))
            try connection.send("GET /events?consumer=gone&follow=true HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let head = try connection.readHead()
            #expect(head.hasPrefix("HTTP/1.1 200"), "\(head)")
            let opened = try await Self.waitForFollowStreams(1, client, within: .seconds(2))
            #expect(opened != nil, "the follow stream was never counted as open")

            // The client goes away; nothing is committed, so only the heartbeat can notice.
            connection.disconnect()
            let ended = try await Self.waitForFollowStreams(0, client, within: .seconds(2))
            #expect(ended != nil, "the follow stream was still open 2 s after its client closed the connection")
            if let ended { print("follow stream ended \(ended) after its client closed (heartbeat 0.2 s)") }
            #expect(try await store.read { try $0.lastEventOffset() } == caughtUp, "no event was committed meanwhile")
        }
        try store.close()
    }
}
