import Foundation

/// Where the service keeps its store and where it listens, from environment variables and `--name value` arguments
/// (arguments win).
///
/// | argument | variable | default |
/// |---|---|---|
/// | `--store PATH` | `SHOP_STORE` | `./shop-store` |
/// | `--host ADDRESS` | `SHOP_HOST` | `127.0.0.1` |
/// | `--port N` | `SHOP_PORT` | `8080` |
/// | `--model-refresh SECONDS` | `SHOP_MODEL_REFRESH` | `300` (0: fit once at startup only) |
/// | `--time-zone NAME` | `SHOP_TIME_ZONE` | none: a new store's days are UTC days |
/// | `--advance SECONDS` | `SHOP_ADVANCE` | `60` (0: never; the change feed's clock then only moves by purchases) |
/// | `--follow-heartbeat SECONDS` | `SHOP_FOLLOW_HEARTBEAT` | `1` (> 0: how often an idle follow stream writes an empty line) |
public struct ServiceConfiguration: Sendable {
    public var storePath: String
    public var host: String
    public var port: Int
    /// How often the purchase model behind P(alive) is fitted again, in seconds.
    public var modelRefreshSeconds: Double
    /// A new store's IANA time zone (an existing store keeps the one it was created with).
    public var timeZone: String?
    /// How often the service calls `Store.advance(to: .now)`, in seconds (time-driven status events and the
    /// segment sweep come from it); 0: never.
    public var advanceSeconds: Double
    /// How often a `GET /events?follow=true` stream writes an empty line, in seconds (> 0): the write that fails
    /// once the client has gone ends the stream, so a gone client is noticed within about two of these.
    public var followHeartbeatSeconds: Double

    public init(storePath: String, host: String = "127.0.0.1", port: Int = 8080, modelRefreshSeconds: Double = 300,
                timeZone: String? = nil, advanceSeconds: Double = 60, followHeartbeatSeconds: Double = 1) {
        self.storePath = storePath
        self.host = host
        self.port = port
        self.modelRefreshSeconds = modelRefreshSeconds
        self.timeZone = timeZone
        self.advanceSeconds = advanceSeconds
        self.followHeartbeatSeconds = followHeartbeatSeconds
    }

    /// The configuration from `environment` and `arguments` (the program's own, without its name).
    /// - Throws: ``ConfigurationProblem`` naming the option for an unknown option or a bad number.
    public init(arguments: [String], environment: [String: String]) throws(ConfigurationProblem) {
        var values: [String: String] = [:]
        for (name, variable) in Self.options { values[name] = environment[variable] }
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), Self.options[String(argument.dropFirst(2))] != nil else {
                throw ConfigurationProblem(option: argument, reason: "unknown option")
            }
            guard index + 1 < arguments.count else { throw ConfigurationProblem(option: argument, reason: "needs a value") }
            values[String(argument.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        self.init(storePath: values["store"] ?? "./shop-store", host: values["host"] ?? "127.0.0.1",
                  timeZone: values["time-zone"])
        if let text = values["port"] {
            guard let port = Int(text), (0...65_535).contains(port) else {
                throw ConfigurationProblem(option: "--port", reason: "must be 0...65535")
            }
            self.port = port
        }
        if let text = values["model-refresh"] {
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                throw ConfigurationProblem(option: "--model-refresh", reason: "must be a number of seconds ≥ 0")
            }
            modelRefreshSeconds = seconds
        }
        if let text = values["advance"] {
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else {
                throw ConfigurationProblem(option: "--advance", reason: "must be a number of seconds ≥ 0")
            }
            advanceSeconds = seconds
        }
        if let text = values["follow-heartbeat"] {
            guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                throw ConfigurationProblem(option: "--follow-heartbeat", reason: "must be a number of seconds > 0")
            }
            followHeartbeatSeconds = seconds
        }
    }

    static let options = [
        "store": "SHOP_STORE", "host": "SHOP_HOST", "port": "SHOP_PORT", "model-refresh": "SHOP_MODEL_REFRESH",
        "time-zone": "SHOP_TIME_ZONE", "advance": "SHOP_ADVANCE",
        "follow-heartbeat": "SHOP_FOLLOW_HEARTBEAT",
    ]
}

/// A bad command-line option or environment variable.
public struct ConfigurationProblem: Error, CustomStringConvertible {
    public var option: String
    public var reason: String
    public var description: String { "\(option): \(reason)" }
}
