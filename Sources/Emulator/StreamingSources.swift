import Foundation
import Peripherals
import Sensors

/// Byte sources for the virtual streaming interface (VSI), made from the run's sensors.
enum StreamingSources {
    /// The source a board's VSI entry asks for with `parameters: { sensor: camera|mic|..., format: ... }`
    /// (or `file: path`); nil when the run gives no such sensor.
    static func make(parameters: [String: String], sensors: SensorConfiguration) throws -> VirtualStreamingInterface.Source? {
        if let path = parameters["file"] { return try FileBytes(path: path) }
        guard let sensor = parameters["sensor"], sensors.sensors.contains(where: { $0.name == sensor }) else { return nil }
        if sensor == "camera" {
            let format = parameters["format"] ?? "gray8"
            guard ["gray8", "rgb565", "rgb888"].contains(format) else {
                throw MachineError("VSI format '\(format)': expected gray8, rgb565 or rgb888")
            }
            return CameraBytes(stream: try sensors.frameStream(), format: format)
        }
        return SampleBytes(stream: try sensors.stream(named: sensor))
    }
}

/// Camera frames one after another in gray8, RGB565 (little-endian) or RGB888; a frame is taken
/// from the stream at the virtual time its first byte is requested.
final class CameraBytes: VirtualStreamingInterface.Source {
    private let stream: FrameStream
    private let format: String
    private var pending: [UInt8] = []
    private var position = 0
    private(set) var description: [UInt32] = []

    init(stream: FrameStream, format: String) {
        self.stream = stream
        self.format = format
        let first = stream.frame(at: 0)
        let bytesPerPixel: UInt32 = format == "gray8" ? 1 : format == "rgb565" ? 2 : 3
        description = [UInt32(first.width), UInt32(first.height), bytesPerPixel, UInt32(stream.rate.hertz * 1000)]
    }

    private func bytes(of frame: Frame) -> [UInt8] {
        switch format {
        case "rgb565": return frame.rgb565().flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
        case "rgb888": return frame.rgb888()
        default: return frame.gray8()
        }
    }

    func next(_ count: Int, atNanoseconds nanoseconds: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if position >= pending.count {
                pending = bytes(of: stream.frame(atNanoseconds: nanoseconds))
                position = 0
                if pending.isEmpty { return out + [UInt8](repeating: 0, count: count - out.count) }
            }
            let take = min(count - out.count, pending.count - position)
            out += pending[position..<(position + take)]
            position += take
        }
        return out
    }
}

/// A scalar stream's samples in order as little-endian signed 16-bit PCM (channel 0), for
/// microphones; other kinds give their first channel scaled to full scale.
final class SampleBytes: VirtualStreamingInterface.Source {
    private var stream: SensorStream
    private var nextSample: Int64 = 0
    let description: [UInt32]

    init(stream: SensorStream) {
        self.stream = stream
        description = [UInt32(stream.rate.hertz.rounded()), 1, 16, 0]
    }

    func next(_ count: Int, atNanoseconds _: UInt64) -> [UInt8] {
        let samples = stream.pcm16(from: nextSample, count: (count + 1) / 2)
        nextSample += Int64(samples.count)
        var out = samples.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: UInt16(bitPattern: $0) >> 8)] }
        if out.count > count { out.removeLast(out.count - count) }
        return out
    }
}

/// A file's bytes in order, then zeros.
final class FileBytes: VirtualStreamingInterface.Source {
    private let data: [UInt8]
    private var position = 0
    let description: [UInt32]

    init(path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw MachineError("VSI file '\(path)': cannot read it")
        }
        data = [UInt8](contents)
        description = [UInt32(clamping: data.count), 0, 0, 0]
    }

    func next(_ count: Int, atNanoseconds _: UInt64) -> [UInt8] {
        let take = min(count, data.count - position)
        let out = Array(data[position..<(position + take)]) + [UInt8](repeating: 0, count: count - take)
        position += take
        return out
    }
}
