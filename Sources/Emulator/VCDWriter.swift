import Peripherals
import Platforms

/// The pins and LEDs of a run as a Value Change Dump (IEEE 1364, the format GTKWave and other
/// waveform viewers open), in nanoseconds of virtual time. Every LED of the board is a wire
/// under `leds` (1 while lit); every pin that ever changes is a wire under `pins` (`P0_13`:
/// 0 or 1 when driven, pulled or held from outside, z while floating). Changes are kept in
/// memory and written at the end, when it is known which pins changed; changes at one instant
/// are folded into the level the instant ends with, so the bytes do not depend on the order
/// the models reported them in.
public final class VCDWriter: PinObserver {
    private struct Change {
        var time: UInt64
        var signal: Int32
        var value: UInt8
    }

    private unowned let machine: Machine
    private let scope: String
    private let leds: [LEDDescription]
    private let pins: [GPIOPin]
    /// Signal numbers: the LEDs first, then the pins.
    private var pinSignal: [GPIOPin: Int] = [:]
    private var ledsOnPin: [GPIOPin: [Int]] = [:]
    private var initial: [UInt8]
    private var changes: [Change] = []

    /// Starts recording `machine`'s pins and LEDs from their levels now.
    public init(machine: Machine) {
        self.machine = machine
        scope = VCDWriter.identifier(machine.platform.name)
        let board = machine.peripherals?.context.pins
        leds = machine.platform.leds
        pins = board?.all ?? []
        initial = leds.map { led in board.map { VCDWriter.value(lit: led.isLit(by: $0.level(of: led.pin))) } ?? UInt8(ascii: "0") }
        for (i, led) in leds.enumerated() { ledsOnPin[led.pin, default: []].append(i) }
        for (i, pin) in pins.enumerated() {
            pinSignal[pin] = leds.count + i
            initial.append(VCDWriter.value(board?.level(of: pin) ?? .floating))
        }
        board?.observe(self)
    }

    public func pinChanged(_ pin: GPIOPin, to level: PinLevel, atCycle cycle: UInt64) {
        guard let signal = pinSignal[pin] else { return }
        let time = machine.nanoseconds(atCycle: cycle)
        changes.append(Change(time: time, signal: Int32(signal), value: VCDWriter.value(level)))
        for led in ledsOnPin[pin] ?? [] {
            changes.append(Change(time: time, signal: Int32(led), value: VCDWriter.value(lit: leds[led].isLit(by: level))))
        }
    }

    /// The whole dump, ending at `endNanoseconds` (the run's virtual time).
    public func dump(endingAt endNanoseconds: UInt64) -> String {
        // Net changes per instant, in signal order; an instant that ends where it began is none.
        var values = initial
        var steps: [(time: UInt64, changes: [(signal: Int, value: UInt8)])] = []
        var i = 0
        while i < changes.count {
            let time = changes[i].time
            var last: [Int: UInt8] = [:]
            while i < changes.count && changes[i].time == time {
                last[Int(changes[i].signal)] = changes[i].value
                i += 1
            }
            let net = last.filter { values[$0.key] != $0.value }.sorted { $0.key < $1.key }.map { (signal: $0.key, value: $0.value) }
            for change in net { values[change.signal] = change.value }
            if time == 0 {
                for change in net { initial[change.signal] = change.value }
            } else if !net.isEmpty {
                steps.append((time, net))
            }
        }
        // Declared: every LED, and the pins that change.
        let changing = Set(steps.flatMap { $0.changes.map(\.signal) })
        let declared = Array(leds.indices) + pins.indices.map { leds.count + $0 }.filter(changing.contains)
        var code: [Int: String] = [:]
        for (n, signal) in declared.enumerated() { code[signal] = VCDWriter.code(n) }

        var out = "$version tinyemu $end\n$timescale 1ns $end\n$scope module \(scope) $end\n"
        out += "$scope module leds $end\n"
        for (i, led) in leds.enumerated() { out += "$var wire 1 \(code[i]!) \(VCDWriter.identifier(led.name)) $end\n" }
        out += "$upscope $end\n$scope module pins $end\n"
        for signal in declared where signal >= leds.count {
            out += "$var wire 1 \(code[signal]!) \(VCDWriter.identifier(pins[signal - leds.count].description)) $end\n"
        }
        out += "$upscope $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n"
        for signal in declared { out += "\(Character(Unicode.Scalar(initial[signal])))\(code[signal]!)\n" }
        out += "$end\n"
        var lastTime: UInt64 = 0
        for step in steps {
            out += "#\(step.time)\n"
            for change in step.changes { out += "\(Character(Unicode.Scalar(change.value)))\(code[change.signal]!)\n" }
            lastTime = step.time
        }
        if endNanoseconds > lastTime { out += "#\(endNanoseconds)\n" }
        return out
    }

    private static func value(_ level: PinLevel) -> UInt8 {
        level == .floating ? UInt8(ascii: "z") : level.isHigh ? UInt8(ascii: "1") : UInt8(ascii: "0")
    }

    private static func value(lit: Bool) -> UInt8 {
        lit ? UInt8(ascii: "1") : UInt8(ascii: "0")
    }

    /// The n-th identifier code: printable ASCII '!'...'~', more characters past 94 signals.
    private static func code(_ n: Int) -> String {
        var n = n
        var scalars: [Unicode.Scalar] = []
        repeat {
            scalars.append(Unicode.Scalar(UInt8(33 + n % 94)))
            n = n / 94 - 1
        } while n >= 0
        return String(String.UnicodeScalarView(scalars))
    }

    /// A name viewers take as one identifier: letters, digits and '_' (others become '_').
    private static func identifier(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}

extension LEDDescription {
    /// An LED lights while the chip drives its pin to the active level (an undriven pin, pulled
    /// or floating, lights nothing).
    public func isLit(by level: PinLevel) -> Bool {
        level == .driven(!activeLow)
    }
}

extension Machine {
    /// Each LED of the board and whether it is lit now.
    public var ledStates: [(name: String, lit: Bool)] {
        platform.leds.map { led in (led.name, peripherals.map { led.isLit(by: $0.context.pins.level(of: led.pin)) } ?? false) }
    }
}
