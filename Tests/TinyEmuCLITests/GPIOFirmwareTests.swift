import Foundation
import XCTest

/// GPIO, GPIOTE, PPI and EGU firmware (Tests/Firmware/nrf52) on the nano33, the waveform
/// `--vcd` writes, and the LEDs in the report.
final class GPIOFirmwareTests: XCTestCase {
    /// A Value Change Dump read back: each wire's `scope.name` and its changes in time order.
    private struct Dump {
        var changes: [String: [(time: UInt64, value: Character)]] = [:]
        var timescale = ""

        init(_ text: String) throws {
            var scopes: [String] = []
            var names: [String: String] = [:]
            var time: UInt64 = 0
            var lines = text.split(separator: "\n").makeIterator()
            while let line = lines.next() {
                let words = line.split(separator: " ").map(String.init)
                switch words.first {
                case "$timescale": timescale = words.dropFirst().prefix { $0 != "$end" }.joined(separator: " ")
                case "$scope": scopes.append(words[2])
                case "$upscope": scopes.removeLast()
                case "$var":
                    XCTAssertEqual(Array(words.prefix(3)), ["$var", "wire", "1"])
                    names[words[3]] = (scopes + [words[4]]).joined(separator: ".")
                case let word? where word.hasPrefix("#"):
                    time = try XCTUnwrap(UInt64(word.dropFirst()), String(line))
                case let word? where word.count >= 2 && "01xz".contains(word.first!):
                    let name = try XCTUnwrap(names[String(word.dropFirst())], "undeclared code in \(line)")
                    changes[name, default: []].append((time, word.first!))
                default: break
                }
            }
        }
    }

    private func runWithWaveform(_ firmware: String, extra: [String] = []) throws -> (TinyEmuProcess.Result, String) {
        let elf = try TinyEmuProcess.firmware(firmware)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let vcd = directory.appendingPathComponent("pins.vcd").path
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s", "--vcd", vcd] + extra)
        return (result, (try? String(contentsOfFile: vcd, encoding: .utf8)) ?? "")
    }

    func testTimerToggledPinThroughPPIChangesEveryMillisecondInTheVCD() throws {
        let (result, text) = try runWithWaveform("nrf52/gpio_ppi.elf")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS gpio_ppi"), result.stdout)
        let dump = try Dump(text)
        XCTAssertEqual(dump.timescale, "1ns")
        let pin = try XCTUnwrap(dump.changes["nano33.pins.P0_13"], "P0_13 declared: \(text.prefix(600))")
        XCTAssertEqual(pin.first?.time, 0)
        XCTAssertEqual(pin.first?.value, "z", "a floating input at reset")
        // Taken by GPIOTE (OUTINIT 0), then a toggle at every TIMER0 compare.
        let toggles = pin.dropFirst(2)
        XCTAssertEqual(toggles.count, 22, "20 toggles, three periods held, two more")
        let times = toggles.map(\.time)
        let intervals = zip(times.dropFirst(), times).map { $0 - $1 }
        XCTAssertEqual(Array(intervals.prefix(19)), Array(repeating: 1_000_000, count: 19), "every 1,000,000 ns")
        XCTAssertEqual(intervals[19], 4_000_000, "three periods held while channel group 0 is disabled")
        XCTAssertEqual(intervals[20], 1_000_000)
        XCTAssertEqual(toggles.map(\.value), (0..<toggles.count).map { $0 % 2 == 0 ? "1" : "0" })
        // The built-in LED (active high) is P0.13; the red LED (active low) follows P0.24 inverted.
        XCTAssertEqual(dump.changes["nano33.leds.builtin"]?.dropFirst().map(\.time), Array(times))
        let red = try XCTUnwrap(dump.changes["nano33.leds.red"]).dropFirst()
        let p24 = try XCTUnwrap(dump.changes["nano33.pins.P0_24"]).dropFirst(2)
        XCTAssertEqual(red.map(\.time), p24.map(\.time))
        XCTAssertEqual(red.map(\.value), p24.map { $0.value == "1" ? "0" : "1" })
        XCTAssertEqual(dump.changes["nano33.leds.green"]?.count, 1, "declared, never lit")
        XCTAssertNil(dump.changes["nano33.pins.P0_16"], "pins that never change are left out")
    }

    func testTheVCDIsTheSameBytesEveryRun() throws {
        let (first, a) = try runWithWaveform("nrf52/gpio.elf")
        let (_, b) = try runWithWaveform("nrf52/gpio.elf")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertFalse(a.isEmpty)
        XCTAssertEqual(a, b)
    }

    func testGPIOReadBacksAndTheLEDsInTheReport() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/gpio.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--quiet", "--report", "-"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let console = (json["output"] as? [String: Any])?["console"] as? String ?? ""
        XCTAssertTrue(console.contains("PASS gpio"), console)
        let leds = try XCTUnwrap(json["leds"] as? [String: Bool])
        XCTAssertEqual(leds, ["builtin": true, "red": true, "green": false, "blue": false, "power": false])
        XCTAssertTrue(result.stdout.contains("\"leds\": {\"builtin\": true, \"red\": true, \"green\": false"), "board order")
    }

    func testEGUTriggersRaiseTheSWIInterrupts() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/egu.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("PASS egu"), result.stdout)
        XCTAssertFalse(result.stderr.contains("SWI0"), "SWI registers are not touched: \(result.stderr)")
    }

    func testAnUnwritableVCDIsBadInput() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/gpio.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--vcd", "/nonexistent/dir/pins.vcd"])
        XCTAssertEqual(result.status, 125)
        XCTAssertEqual(result.stderr, "tinyemu: --vcd: cannot write '/nonexistent/dir/pins.vcd'\n")
    }

    func testAnLEDOnAPinTheChipDoesNotHave() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/gpio.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let board = directory.appendingPathComponent("board.yaml")
        try "name: nano-led\nextends: nano33\nleds:\n  - { name: extra, pin: P1.20 }\n".write(to: board, atomically: true, encoding: .utf8)
        let result = try TinyEmuProcess.run(["run", elf, "--platform", board.path])
        XCTAssertEqual(result.status, 125)
        XCTAssertEqual(result.stderr, "tinyemu: nano-led: LED 'extra' is on P1.20, a pin the chip's GPIO ports do not have\n")
    }
}
