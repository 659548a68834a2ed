import Foundation

/// Writes samples as a CSV trace the CSV reader reads back: `time[s]` and one column per
/// channel with its canonical unit. Numbers are written in Swift's shortest round-trip form,
/// so equal samples give equal bytes.
public enum TraceCSVWriter {
    public static func text(_ block: SampleBlock, rate: SampleRate) -> String {
        var lines = ["time[s]," + block.channels.map { "\($0.name)[\($0.quantity.canonicalUnit)]" }.joined(separator: ",")]
        lines.reserveCapacity(block.count + 1)
        for frame in 0..<block.count {
            let time = rate.seconds(ofSample: block.first + Int64(frame))
            lines.append(([time] + block.frame(frame)).map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func write(_ block: SampleBlock, rate: SampleRate, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text(block, rate: rate).utf8)) else {
            throw SensorError("\(path): cannot write")
        }
    }
}
