/// A pin of a microcontroller's GPIO ports, written `P0.13` or `P1.09` in descriptions (port
/// and pin number, as Nordic's datasheets and board schematics name them).
public struct GPIOPin: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var port: Int
    public var number: Int

    public init(port: Int, number: Int) {
        self.port = port
        self.number = number
    }

    /// `P0.13`, `P1.09`: two digits for the pin, as Nordic writes them.
    public var description: String { "P\(port).\(number < 10 ? "0" : "")\(number)" }

    /// Parses `P0.13`, `P1.9` or `P1.09` (port 0...9, pin 0...31).
    public init?(_ text: String) {
        let digits = { (part: Substring) in part.allSatisfy { $0.isASCII && $0.isNumber } }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[0].hasPrefix("P"), digits(parts[0].dropFirst()),
              (1...2).contains(parts[1].count), digits(parts[1]),
              let port = Int(parts[0].dropFirst()), let number = Int(parts[1]), number < 32 else { return nil }
        self.init(port: port, number: number)
    }

    public static func < (a: GPIOPin, b: GPIOPin) -> Bool {
        (a.port, a.number) < (b.port, b.number)
    }
}

/// An LED of the board: the pin it hangs on and whether it lights when that pin is driven low.
public struct LEDDescription: Sendable, Equatable {
    public var name: String
    public var pin: GPIOPin
    /// Lit while the pin is driven low (the LED's cathode on the pin) instead of high.
    public var activeLow: Bool

    public init(name: String, pin: GPIOPin, activeLow: Bool = false) {
        self.name = name
        self.pin = pin
        self.activeLow = activeLow
    }
}
