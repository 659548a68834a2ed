import Foundation

/// An SVG picture of a sensor's clean and noisy traces side by side, one row per channel with
/// a shared vertical scale, so the noise can be judged by eye. Long traces are drawn as the
/// minimum-to-maximum envelope of each pixel column, which keeps every spike visible.
public enum ComparisonPlot {
    static let panelWidth = 480.0, panelHeight = 140.0, margin = 60.0, gap = 30.0, top = 40.0

    public static func svg(clean: SampleBlock, noisy: SampleBlock, rate: SampleRate, title: String) -> String {
        let rows = clean.channels.count
        let width = margin + 2 * panelWidth + gap + 20
        let height = top + Double(rows) * (panelHeight + gap) + 20
        var svg = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(format(width))\" height=\"\(format(height))\" font-family=\"sans-serif\" font-size=\"11\">",
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>",
            "<text x=\"\(format(margin))\" y=\"18\" font-size=\"14\">\(escape(title))</text>",
            "<text x=\"\(format(margin))\" y=\"34\">clean</text>",
            "<text x=\"\(format(margin + panelWidth + gap))\" y=\"34\">with noise</text>",
        ]
        let seconds = Double(clean.count) / rate.hertz
        for row in 0..<rows {
            let a = clean.channel(row), b = noisy.channel(row)
            var low = min(a.min() ?? 0, b.min() ?? 0), high = max(a.max() ?? 1, b.max() ?? 1)
            if high - low < 1e-12 { low -= 1; high += 1 }
            let pad = (high - low) * 0.05
            low -= pad
            high += pad
            let y0 = top + Double(row) * (panelHeight + gap)
            let channel = clean.channels[row]
            svg.append("<text x=\"4\" y=\"\(format(y0 + panelHeight / 2))\">\(escape(channel.name)) [\(escape(channel.quantity.canonicalUnit))]</text>")
            for (panel, values) in [a, b].enumerated() {
                let x0 = margin + Double(panel) * (panelWidth + gap)
                svg.append("<rect x=\"\(format(x0))\" y=\"\(format(y0))\" width=\"\(format(panelWidth))\" height=\"\(format(panelHeight))\" fill=\"none\" stroke=\"#999\"/>")
                svg.append("<text x=\"\(format(x0 + 2))\" y=\"\(format(y0 + 11))\" fill=\"#666\">\(label(high))</text>")
                svg.append("<text x=\"\(format(x0 + 2))\" y=\"\(format(y0 + panelHeight - 3))\" fill=\"#666\">\(label(low))</text>")
                svg.append("<text x=\"\(format(x0 + panelWidth - 60))\" y=\"\(format(y0 + panelHeight + 12))\" fill=\"#666\">\(label(seconds)) s</text>")
                svg.append(trace(values, x0: x0, y0: y0, low: low, high: high, colour: panel == 0 ? "#1f77b4" : "#d62728"))
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n") + "\n"
    }

    static func trace(_ values: [Double], x0: Double, y0: Double, low: Double, high: Double, colour: String) -> String {
        guard !values.isEmpty else { return "" }
        func y(_ v: Double) -> String { format(y0 + panelHeight - (v - low) / (high - low) * panelHeight) }
        let columns = Int(panelWidth)
        var points: [String] = []
        if values.count <= columns * 2 {
            for (i, v) in values.enumerated() {
                points.append("\(format(x0 + Double(i) / Double(max(values.count - 1, 1)) * panelWidth)),\(y(v))")
            }
            return "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1\" points=\"\(points.joined(separator: " "))\"/>"
        }
        // Envelope: down the maxima left to right, back along the minima.
        var maxima: [String] = [], minima: [String] = []
        for column in 0..<columns {
            let start = column * values.count / columns, end = max(start + 1, (column + 1) * values.count / columns)
            let slice = values[start..<end]
            let x = format(x0 + Double(column) + 0.5)
            maxima.append("\(x),\(y(slice.max()!))")
            minima.append("\(x),\(y(slice.min()!))")
        }
        points = maxima + minima.reversed()
        return "<polygon fill=\"\(colour)\" fill-opacity=\"0.6\" stroke=\"\(colour)\" stroke-width=\"0.5\" points=\"\(points.joined(separator: " "))\"/>"
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func label(_ value: Double) -> String { String(format: "%.4g", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
