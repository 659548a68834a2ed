import Foundation

/// Reads a CSV trace. The header names the columns and, in brackets or parentheses, their
/// units: `time[ms],ax[m/s2],ay[m/s2],az[m/s2],gx[rad/s],gy(dps),gz`. A column without a unit
/// is in the channel's canonical unit (g, dps, uT, C, %RH, hPa, lux); time defaults to
/// seconds. Without a time column, rows are `rate` apart. Cells are separated by commas
/// (semicolons or tabs when the header has no comma); empty lines and lines starting with
/// '#' are skipped.
public enum CSVTrace {
    static let timeNames: Set<String> = ["time", "t", "timestamp"]

    public static func read(path: String, rate: SampleRate?) throws -> SampledTrace {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SensorError("\(path): cannot read the file")
        }
        return try parse(data, name: path, rate: rate)
    }

    public static func parse(_ data: Data, name: String, rate: SampleRate?) throws -> SampledTrace {
        guard var text = String(data: data, encoding: .utf8) else {
            throw SensorError("\(name): not UTF-8 text (expected a CSV file)")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines: [(number: Int, text: Substring)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.allSatisfy(\.isWhitespace) || trimmed.hasPrefix("#") { continue }
            lines.append((index + 1, trimmed))
        }
        guard let header = lines.first else { throw SensorError("\(name): empty (expected a header line naming the columns)") }
        let separator: Character = header.text.contains(",") ? "," : header.text.contains(";") ? ";" : header.text.contains("\t") ? "\t" : ","
        let columns = try header.text.split(separator: separator, omittingEmptySubsequences: false).enumerated().map { index, cell in
            try column(String(cell), number: index + 1, file: name, line: header.number)
        }
        let timeColumn = columns.firstIndex { $0.isTime }
        let channelColumns = columns.indices.filter { !columns[$0].isTime }
        guard columns.filter(\.isTime).count <= 1 else { throw SensorError("\(name):\(header.number): more than one time column") }
        guard !channelColumns.isEmpty else { throw SensorError("\(name):\(header.number): no sensor columns besides time") }
        var seen = Set<String>()
        for index in channelColumns where !seen.insert(columns[index].channel!.name).inserted {
            throw SensorError("\(name):\(header.number): column \(index + 1): channel '\(columns[index].channel!.name)' appears twice")
        }
        if timeColumn == nil && rate == nil {
            throw SensorError("\(name): no time column; add one (time[s], time[ms]) or give the rate, e.g. imu=\(URL(fileURLWithPath: name).lastPathComponent),rate=100Hz")
        }

        var times: [Double] = [], values: [Double] = []
        for (row, line) in lines.dropFirst().enumerated() {
            let cells = line.text.split(separator: separator, omittingEmptySubsequences: false)
            guard cells.count == columns.count else {
                throw SensorError("\(name):\(line.number): expected \(columns.count) cells (\(columns.map(\.title).joined(separator: ", "))), found \(cells.count)")
            }
            var numbers = [Double](repeating: 0, count: cells.count)
            for (index, cell) in cells.enumerated() {
                let trimmed = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
                guard let number = Double(trimmed), number.isFinite else {
                    throw SensorError("\(name):\(line.number):\(index + 1): '\(trimmed)' is not a number (column '\(columns[index].title)')")
                }
                numbers[index] = columns[index].unit.toCanonical(number)
            }
            let time = timeColumn.map { numbers[$0] } ?? rate!.seconds(ofSample: Int64(row))
            if let previous = times.last, !(time > previous) {
                throw SensorError("\(name):\(line.number): time \(time) s is not after the previous row's \(previous) s")
            }
            times.append(time)
            for index in channelColumns { values.append(numbers[index]) }
        }
        guard !times.isEmpty else { throw SensorError("\(name): no data rows after the header") }
        return SampledTrace(channels: channelColumns.map { columns[$0].channel! }, times: times, values: values)
    }

    struct Column {
        var title: String
        var channel: SensorChannel?
        var unit: PhysicalUnit
        var isTime: Bool { channel == nil }
    }

    /// "ax[m/s2]", "gy (dps)", "temperature", "time[ms]".
    static func column(_ cell: String, number: Int, file: String, line: Int) throws -> Column {
        let title = cell.trimmingCharacters(in: CharacterSet(charactersIn: " \t\""))
        var label = title, unitText = ""
        for (open, close) in [("[", "]"), ("(", ")")] {
            if let start = title.firstIndex(of: Character(open)), title.hasSuffix(close) {
                label = title[..<start].trimmingCharacters(in: .whitespaces)
                unitText = String(title[title.index(after: start)..<title.index(before: title.endIndex)]).trimmingCharacters(in: .whitespaces)
                break
            }
        }
        let place = "\(file):\(line): column \(number) '\(title)'"
        if timeNames.contains(label.lowercased()) {
            guard let unit = PhysicalUnit.named(unitText.isEmpty ? "s" : unitText, for: .time), unit.quantity == .time else {
                throw SensorError("\(place): unknown time unit '\(unitText)' (use \(PhysicalUnit.symbols(of: .time)))")
            }
            return Column(title: title, channel: nil, unit: unit)
        }
        guard let channel = SensorChannel.named(label) else {
            throw SensorError("\(place): unknown column (known: time, \(SensorChannel.known.map(\.name).joined(separator: ", ")))")
        }
        guard let unit = PhysicalUnit.named(unitText, for: channel.quantity), unit.quantity == channel.quantity else {
            throw SensorError("\(place): unknown unit '\(unitText)' for \(channel.quantity.phrase) (use \(PhysicalUnit.symbols(of: channel.quantity)))")
        }
        return Column(title: title, channel: channel, unit: unit)
    }
}
