import Foundation
import XCTest
@testable import Sensors

/// Scratch files and signal measurements shared by the sensor tests.
enum TestSupport {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tinyemu-sensors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, named name: String) throws -> String {
        try write(Data(text.utf8), named: name)
    }

    static func write(_ data: Data, named name: String) throws -> String {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// A mono 16-bit WAV of `samples` (full scale ±1) at `rate`.
    static func wav(_ samples: [Double], rate: Int, named name: String = "clip.wav") throws -> String {
        let path = try temporaryDirectory().appendingPathComponent(name).path
        try AudioFile.write(path: path, pcm: PCM16.samples(samples), channelCount: 1, sampleRate: rate)
        return path
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    static func standardDeviation(_ values: [Double]) -> Double {
        let m = mean(values)
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    static func meanSquare(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 } / Double(values.count) }

    /// Least-squares fit of a sinusoid at `frequency`: its amplitude and the power of what is
    /// left (harmonics, noise, aliases).
    static func sineFit(_ values: [Double], frequency: Double, rate: Double) -> (amplitude: Double, residualPower: Double) {
        var cc = 0.0, ss = 0.0, cs = 0.0, xc = 0.0, xs = 0.0
        for (n, x) in values.enumerated() {
            let phase = 2 * Double.pi * frequency * Double(n) / rate
            let c = cos(phase), s = sin(phase)
            cc += c * c; ss += s * s; cs += c * s; xc += x * c; xs += x * s
        }
        let det = cc * ss - cs * cs
        let a = (xc * ss - xs * cs) / det, b = (xs * cc - xc * cs) / det
        var residual = 0.0
        for (n, x) in values.enumerated() {
            let phase = 2 * Double.pi * frequency * Double(n) / rate
            let r = x - a * cos(phase) - b * sin(phase)
            residual += r * r
        }
        return ((a * a + b * b).squareRoot(), residual / Double(values.count))
    }

    static func decibels(_ ratio: Double) -> Double { 10 * log10(ratio) }
}
