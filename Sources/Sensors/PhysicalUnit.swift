import Foundation

/// A unit a value may be written in, and how it converts to its quantity's canonical unit:
/// canonical = value × scale + offset (the offset is for °F and K).
public struct PhysicalUnit: Sendable, Equatable {
    public let symbol: String
    public let quantity: Quantity
    public let scale: Double
    public let offset: Double

    init(_ symbol: String, _ quantity: Quantity, _ scale: Double, offset: Double = 0) {
        self.symbol = symbol
        self.quantity = quantity
        self.scale = scale
        self.offset = offset
    }

    public func toCanonical(_ value: Double) -> Double { value * scale + offset }

    /// For a device model that reports in this unit (m/s², rad/s, gauss, …).
    public func fromCanonical(_ value: Double) -> Double { (value - offset) / scale }

    /// For a difference of two values (a bias, a σ): the offset does not apply.
    public func intervalToCanonical(_ value: Double) -> Double { value * scale }

    /// Every unit the engine reads. Symbols are case-sensitive: `g` is gravity, `G` gauss.
    public static let all: [PhysicalUnit] = [
        PhysicalUnit("FS", .audio, 1), PhysicalUnit("pcm16", .audio, 1.0 / 32768),
        PhysicalUnit("wav", .audio, 1.0 / 32768),  // Edge Impulse's audio "unit": int16 samples
        PhysicalUnit("g", .acceleration, 1), PhysicalUnit("mg", .acceleration, 0.001),
        PhysicalUnit("m/s2", .acceleration, 1 / 9.80665), PhysicalUnit("m/s^2", .acceleration, 1 / 9.80665),
        PhysicalUnit("m/s²", .acceleration, 1 / 9.80665), PhysicalUnit("ms2", .acceleration, 1 / 9.80665),
        PhysicalUnit("dps", .angularRate, 1), PhysicalUnit("deg/s", .angularRate, 1), PhysicalUnit("°/s", .angularRate, 1),
        PhysicalUnit("mdps", .angularRate, 0.001), PhysicalUnit("rad/s", .angularRate, 180 / Double.pi),
        PhysicalUnit("uT", .magneticField, 1), PhysicalUnit("µT", .magneticField, 1), PhysicalUnit("μT", .magneticField, 1),
        PhysicalUnit("nT", .magneticField, 0.001), PhysicalUnit("gauss", .magneticField, 100),
        PhysicalUnit("G", .magneticField, 100), PhysicalUnit("mgauss", .magneticField, 0.1), PhysicalUnit("mG", .magneticField, 0.1),
        PhysicalUnit("C", .temperature, 1), PhysicalUnit("°C", .temperature, 1), PhysicalUnit("degC", .temperature, 1),
        PhysicalUnit("K", .temperature, 1, offset: -273.15),
        PhysicalUnit("F", .temperature, 5.0 / 9, offset: -32 * 5.0 / 9), PhysicalUnit("°F", .temperature, 5.0 / 9, offset: -32 * 5.0 / 9),
        PhysicalUnit("%RH", .humidity, 1), PhysicalUnit("%", .humidity, 1), PhysicalUnit("RH", .humidity, 1),
        PhysicalUnit("hPa", .pressure, 1), PhysicalUnit("mbar", .pressure, 1), PhysicalUnit("Pa", .pressure, 0.01),
        PhysicalUnit("kPa", .pressure, 10), PhysicalUnit("bar", .pressure, 1000), PhysicalUnit("atm", .pressure, 1013.25),
        PhysicalUnit("psi", .pressure, 68.947572932),
        PhysicalUnit("lux", .illuminance, 1), PhysicalUnit("lx", .illuminance, 1),
        PhysicalUnit("counts", .proximity, 1),
        PhysicalUnit("s", .time, 1), PhysicalUnit("ms", .time, 1e-3), PhysicalUnit("us", .time, 1e-6),
        PhysicalUnit("µs", .time, 1e-6), PhysicalUnit("ns", .time, 1e-9), PhysicalUnit("min", .time, 60),
        PhysicalUnit("h", .time, 3600),
        PhysicalUnit("Hz", .frequency, 1), PhysicalUnit("kHz", .frequency, 1e3), PhysicalUnit("MHz", .frequency, 1e6),
    ]

    /// The unit written as `symbol`, preferring `quantity` when a symbol is ambiguous.
    public static func named(_ symbol: String, for quantity: Quantity? = nil) -> PhysicalUnit? {
        if let quantity, let exact = all.first(where: { $0.symbol == symbol && $0.quantity == quantity }) {
            return exact
        }
        if symbol.isEmpty, let quantity { return PhysicalUnit("", quantity, 1) }
        return all.first { $0.symbol == symbol }
    }

    /// The unit symbols of a quantity, for error messages.
    public static func symbols(of quantity: Quantity) -> String {
        all.filter { $0.quantity == quantity }.map(\.symbol).joined(separator: ", ")
    }
}

/// A number with an optional unit, as written on the command line ("0.5dps", "-3dB", "20us").
public struct QuantityValue: Sendable, Equatable {
    public let number: Double
    public let unit: String

    /// Splits "0.5dps" into 0.5 and "dps"; nil when the text does not start with a finite number.
    public init?(parsing text: String) {
        let scalars = Array(text.trimmingCharacters(in: .whitespaces).unicodeScalars)
        var end = 0
        func digits() -> Int {
            let start = end
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            return end - start
        }
        if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
        var count = digits()
        if end < scalars.count, scalars[end] == "." { end += 1; count += digits() }
        guard count > 0 else { return nil }
        // An exponent only when digits follow, so "2e" is not mistaken for one.
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            let save = end
            end += 1
            if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
            if digits() == 0 { end = save }
        }
        var numberText = String(String.UnicodeScalarView(scalars[0..<end]))
        if numberText.hasPrefix("+") { numberText.removeFirst() }
        guard let number = Double(numberText), number.isFinite else { return nil }
        self.number = number
        self.unit = String(String.UnicodeScalarView(scalars[end...])).trimmingCharacters(in: .whitespaces)
    }

    /// The value in `quantity`'s canonical unit; no unit means the canonical one already.
    /// `interval`: a difference (bias, σ), to which a unit's offset does not apply.
    public func canonical(_ quantity: Quantity, interval: Bool = false) -> Double? {
        guard let unit = PhysicalUnit.named(unit, for: quantity), unit.quantity == quantity else { return nil }
        return interval ? unit.intervalToCanonical(number) : unit.toCanonical(number)
    }
}
