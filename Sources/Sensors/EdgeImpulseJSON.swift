import Foundation

/// Reads the Edge Impulse data-acquisition format, the JSON that TinyML datasets are commonly
/// exported in:
///
///     {"protected": {"ver": "v1", "alg": "none", "iat": 1600000000}, "signature": "…",
///      "payload": {"device_type": "…", "interval_ms": 10,
///                  "sensors": [{"name": "accX", "units": "m/s2"}, …],
///                  "values": [[-9.8, 0.1, …], …]}}
///
/// Sensor names map to channels (accX → ax, gyrZ → gz, audio …). An `audio` sensor in units
/// `wav` holds int16 samples, read as a recording (band-limited resampling); everything else is
/// a trace sampled every `interval_ms`. The signature is not checked.
public enum EdgeImpulseJSON {
    public static func read(path: String) throws -> any SignalSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SensorError("\(path): cannot read the file")
        }
        return try parse(data, name: path)
    }

    public static func parse(_ data: Data, name: String) throws -> any SignalSource {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed"
            throw SensorError("\(name): not valid JSON (\(detail.trimmingCharacters(in: CharacterSet(charactersIn: ". "))))")
        }
        guard let object = root as? [String: Any] else { throw SensorError("\(name): expected a JSON object at the top level") }
        guard let payload = object["payload"] as? [String: Any] else {
            throw SensorError("\(name): payload: missing (expected Edge Impulse data-acquisition JSON)")
        }
        guard let interval = number(payload["interval_ms"]), interval >= 0.00025, interval <= 1e9 else {
            throw SensorError("\(name): payload.interval_ms: expected a positive number of milliseconds (at most a 4 MHz rate)")
        }
        guard let sensors = payload["sensors"] as? [Any], !sensors.isEmpty else {
            throw SensorError("\(name): payload.sensors: expected a non-empty array of {name, units}")
        }
        var channels: [SensorChannel] = [], units: [PhysicalUnit] = []
        for (index, entry) in sensors.enumerated() {
            let key = "payload.sensors[\(index)]"
            guard let sensor = entry as? [String: Any], let sensorName = sensor["name"] as? String else {
                throw SensorError("\(name): \(key).name: expected a string")
            }
            guard let channel = SensorChannel.named(sensorName) else {
                throw SensorError("\(name): \(key).name: unknown sensor '\(sensorName)' (known: accX…, gyrX…, magX…, audio, \(SensorChannel.known.dropFirst(10).map(\.name).joined(separator: ", ")))")
            }
            guard !channels.contains(channel) else { throw SensorError("\(name): \(key).name: '\(sensorName)' appears twice") }
            let unitText = (sensor["units"] as? String) ?? ""
            let symbol = ["N/A", "n/a", "-"].contains(unitText) ? "" : unitText
            guard let unit = PhysicalUnit.named(symbol, for: channel.quantity), unit.quantity == channel.quantity else {
                throw SensorError("\(name): \(key).units: unknown unit '\(unitText)' for \(channel.quantity.phrase) (use \(PhysicalUnit.symbols(of: channel.quantity)))")
            }
            channels.append(channel)
            units.append(unit)
        }
        guard let rows = payload["values"] as? [Any], !rows.isEmpty else {
            throw SensorError("\(name): payload.values: expected a non-empty array")
        }
        var values: [Double] = []
        values.reserveCapacity(rows.count * channels.count)
        for (index, row) in rows.enumerated() {
            // A single sensor may list plain numbers instead of one-element arrays.
            let cells: [Any] = channels.count == 1 && !(row is [Any]) ? [row] : (row as? [Any] ?? [])
            guard cells.count == channels.count else {
                throw SensorError("\(name): payload.values[\(index)]: expected \(channels.count) numbers, found \(row is [Any] ? "\(cells.count)" : "'\(row)'")")
            }
            for (c, cell) in cells.enumerated() {
                guard let value = number(cell), value.isFinite else {
                    throw SensorError("\(name): payload.values[\(index)][\(c)]: expected a number, found '\(cell)'")
                }
                values.append(units[c].toCanonical(value))
            }
        }
        if channels == [SensorChannel("audio", .audio)] {
            return AudioSource(samples: values.map(Float.init), sampleRate: 1000 / interval)
        }
        let step = interval / 1000
        return SampledTrace(channels: channels, times: (0..<rows.count).map { Double($0) * step }, values: values)
    }

    /// JSON numbers arrive as NSNumber; strings, arrays and null are not numbers.
    private static func number(_ value: Any?) -> Double? {
        if value is String { return nil }
        return (value as? NSNumber)?.doubleValue
    }
}
