import CortexM

/// The JSON report of a run (`--report`). Keys are written in a fixed order so the same run
/// gives the same bytes; only `host_seconds` and `mips` depend on the host.
public struct RunReport {
    public var outcome: RunOutcome
    public var registers: [(String, UInt32)]
    /// s0–s31 and fpscr as raw bits.
    public var fpu: [(String, UInt32)]
    public var console: String
    /// The exit message (front ends may add to the run's own).
    public var message: String
    /// Zero the host-dependent figures, for byte-identical reports.
    public var reproducible: Bool

    public init(machine: Machine, outcome: RunOutcome, reproducible: Bool = false) {
        self.outcome = outcome
        registers = machine.cpu.registerSnapshot
        fpu = (0..<32).map { ("s\($0)", machine.cpu[floatRegister: $0]) } + [("fpscr", machine.cpu.fpscr)]
        console = machine.console.text
        message = outcome.message
        self.reproducible = reproducible
    }

    public var json: String {
        var out = "{\n"
        out += "  \"exit\": {\"reason\": \(quote(outcome.reason.rawValue)), \"code\": \(outcome.code.map(String.init) ?? "null"), \"message\": \(quote(message))},\n"
        out += "  \"instructions\": \(outcome.instructions),\n"
        out += "  \"cycles\": \(outcome.cycles),\n"
        out += "  \"virtual_time_ns\": \(outcome.virtualTimeNanoseconds),\n"
        out += "  \"host_seconds\": \(reproducible ? "0.0" : format(outcome.hostSeconds, digits: 6)),\n"
        out += "  \"mips\": \(reproducible ? "0.0" : format(outcome.mips, digits: 3)),\n"
        out += "  \"registers\": {" + registers.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ") + "},\n"
        out += "  \"fpu\": {" + fpu.map { "\(quote($0.0)): \($0.1)" }.joined(separator: ", ") + "},\n"
        out += "  \"output\": {\"console\": \(quote(console))}\n"
        out += "}\n"
        return out
    }
}

/// A JSON string literal.
func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 {
                let digits = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// A fixed-point rendering that does not depend on the locale.
func format(_ value: Double, digits: Int) -> String {
    guard value.isFinite, value >= 0 else { return "0.0" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (value * scale).rounded()
    guard scaled < 9e18 else { return String(value) }
    let whole = UInt64(scaled) / UInt64(scale)
    let fraction = String(UInt64(scaled) % UInt64(scale))
    return "\(whole)." + String(repeating: "0", count: digits - fraction.count) + fraction
}
