import Foundation
import XCTest

/// The nRF52840 system peripherals under Tests/Firmware/nrf52 on the nano33 board: NVMC writes
/// and erases kept across runs by --flash-image, the watchdog's reset, the seeded RNG and TEMP,
/// and UART reception from the host's standard input with --uart-log.
final class NRF52SystemFirmwareTests: XCTestCase {
    func testNVMCWritesAndErasesPersistWithFlashImage() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/nvmc.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("flash.bin").path
        let first = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--flash-image", image, "--timeout", "10s"])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("nvmc: first run"), first.stdout)
        XCTAssertTrue(first.stdout.contains("PASS nvmc"))
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: image))
        XCTAssertEqual(bytes.count, 1024 * 1024 + 4096, "flash, then the UICR page")
        XCTAssertEqual(Array(bytes[0xF0000..<0xF0004]), [0x01, 0xEE, 0xFF, 0xC0], "the record in the data page")
        XCTAssertEqual(Array(bytes[1024 * 1024 + 0x80..<1024 * 1024 + 0x84]), [0x34, 0x12, 0xED, 0x5E], "UICR.CUSTOMER[0]")

        let second = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--flash-image", image, "--timeout", "10s"])
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertTrue(second.stdout.contains("nvmc: second run, the record survived"), second.stdout)
        let after = try XCTUnwrap(FileManager.default.contents(atPath: image))
        XCTAssertEqual(Array(after[1024 * 1024 + 0x80..<1024 * 1024 + 0x84]), [0xFF, 0xFF, 0xFF, 0xFF], "ERASEUICR persisted")

        // Without the image every run is a first run.
        let fresh = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "10s"])
        XCTAssertTrue(fresh.stdout.contains("nvmc: first run"), fresh.stdout)
    }

    func testFlashImageOfTheWrongSizeIsBadInput() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/nvmc.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("short.bin")
        try Data(repeating: 0xFF, count: 1000).write(to: image)
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--flash-image", image.path])
        XCTAssertEqual(result.status, 125)
        XCTAssertTrue(result.stderr.hasPrefix("tinyemu: --flash-image: '\(image.path)' has 1000 bytes"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }

    func testWatchdogResetsTheSystemAndRESETREASSaysWhy() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/wdt.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("wdt: TIMEOUT interrupt; the reset follows\nwdt: boot 2, RESETREAS 0x00000002\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("wdt: soft reset\nwdt: boot 3, RESETREAS 0x00000004\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("PASS wdt"))
    }

    func testRNGIsSeededAndTEMPReadsTheTemperatureSensor() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/rng_temp.elf")
        func run(_ extra: [String]) throws -> (rng: String, temp: String) {
            let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "5s"] + extra)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            let lines = result.stdout.split(separator: "\n").map(String.init)
            return (lines.first { $0.hasPrefix("rng:") } ?? "", lines.first { $0.hasPrefix("temp:") } ?? "")
        }
        let seed0 = try run([])
        let seed0Again = try run(["--seed", "0"])
        let seed7 = try run(["--seed", "7", "--sensor", "temperature=constant,value=31.5C"])
        XCTAssertEqual(seed0.rng, seed0Again.rng, "same seed, same bytes")
        XCTAssertNotEqual(seed0.rng, seed7.rng, "another seed, other bytes")
        XCTAssertTrue(seed0.temp.hasPrefix("temp: 100 quarter degrees"), "25 °C without a sensor: \(seed0.temp)")
        XCTAssertTrue(seed7.temp.hasPrefix("temp: 126 quarter degrees"), "31.5 °C from the sensor: \(seed7.temp)")
    }

    func testUARTsReceiveStandardInputAndLogWhatTheySend() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/uart_echo.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let uarte0 = directory.appendingPathComponent("uarte0.txt").path
        let uart0 = directory.appendingPathComponent("uart0.txt").path
        let uarte1 = directory.appendingPathComponent("uarte1.txt").path
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--uart-log", "UARTE0=\(uarte0)",
                                             "--uart-log", "uart0=\(uart0)", "--uart-log", "UARTE1=\(uarte1)"],
                                            stdin: "hello there\nsecond line\n")
        XCTAssertEqual(result.status, 126, "after the input ends the firmware sleeps with nothing to wake it: \(result.stderr)")
        XCTAssertTrue(result.stderr.contains("nothing that could ever wake it"), result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("UARTE0 echo (11 bytes): hello there\nUART0 echo (11 bytes): second line\n"), result.stdout)
        XCTAssertEqual(try String(contentsOfFile: uarte0, encoding: .utf8), "UARTE0 echo (11 bytes): hello there\n")
        XCTAssertEqual(try String(contentsOfFile: uart0, encoding: .utf8), "UART0 echo (11 bytes): second line\n")
        XCTAssertEqual(FileManager.default.contents(atPath: uarte1)?.count, 0, "UARTE1 sent nothing")
    }

    func testUARTLogNamesMustBeUARTs() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/uart_echo.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--uart-log", "TWIM0=/tmp/x.txt"])
        XCTAssertEqual(result.status, 125)
        XCTAssertEqual(result.stderr, "tinyemu: --uart-log: the board has no UART named 'TWIM0' (its UARTs: UART0, UARTE0, UARTE1)\n")
        let malformed = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--uart-log", "UARTE1"])
        XCTAssertEqual(malformed.status, 125)
        XCTAssertTrue(malformed.stderr.hasPrefix("tinyemu: --uart-log: expected UART=FILE"), malformed.stderr)
    }
}
