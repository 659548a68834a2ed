import Foundation
import XCTest

/// The nRF52840 peripheral programs under Tests/Firmware/nrf52, on the nano33 board: UARTE0
/// output on the console at the right baud rate, TIMER0 and RTC0 interrupts at exact virtual
/// times, and a minute of RTC-driven sleep that costs almost no host time.
final class NRF52FirmwareTests: XCTestCase {
    func testUARTEHelloReachesTheConsole() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/uarte_hello.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "10s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("Hello from UARTE0\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("and again, by interrupt\n"))
        XCTAssertTrue(result.stdout.contains("PASS uarte_hello"))
    }

    func testTimerAndRTCInterruptsAndSleepInVirtualTime() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/timer_rtc.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--quiet", "--report", "-", "--timeout", "120s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertGreaterThanOrEqual(json["virtual_time_ns"] as? Int ?? 0, 61_000_000_000, "61 s of virtual time")
        XCTAssertLessThan(json["host_seconds"] as? Double ?? 99, 2, "sleeping on RTC wake-ups costs no host time")
        let console = (json["output"] as? [String: Any])?["console"] as? String ?? ""
        XCTAssertTrue(console.contains("PASS timer_rtc"), console)
    }

    func testMMIOTraceNamesRegisters() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/uarte_hello.elf")
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let trace = directory.appendingPathComponent("mmio.txt").path
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--quiet", "--trace-mmio", trace])
        XCTAssertEqual(result.status, 0, result.stderr)
        let text = try String(contentsOfFile: trace, encoding: .utf8)
        XCTAssertTrue(text.contains("UARTE0.TASKS_STARTTX <- 0x00000001"), String(text.prefix(400)))
        XCTAssertTrue(text.contains("UARTE0.TXD.AMOUNT -> 0x00000012"))
    }

    /// Camera frames by DMA through VSI0 equal what `tinyemu sensors render` gives for the
    /// same camera source.
    func testVSIDeliversTheRenderedCameraFrame() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/vsi_camera.elf")
        let camera = TinyEmuProcess.repositoryRoot.appendingPathComponent("SensorTraces/camera/checker.png").path
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--sensor", "camera=\(camera)", "--timeout", "10s"])
        XCTAssertEqual(result.status, 0, result.stderr + result.stdout)
        let directory = try TinyEmuProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let raw = directory.appendingPathComponent("frames.gray8").path
        let render = try TinyEmuProcess.run(["sensors", "render", "--sensor", "camera=\(camera)", "--duration", "1s", "-o", raw])
        XCTAssertEqual(render.status, 0, render.stderr)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: raw))
        var hash: UInt32 = 2_166_136_261
        for byte in bytes.prefix(96 * 96) { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let expected = String(hash, radix: 16)
        XCTAssertTrue(result.stdout.contains("frame checksum \(String(repeating: "0", count: 8 - expected.count) + expected)"),
                      "expected checksum \(expected) in \(result.stdout)")
    }

    /// Start-up code as nRF52840 applications have it (errata workarounds at undocumented
    /// addresses, clock start, RTC1 time base, LED, UARTE greeting) runs through, and what is
    /// not modelled is reported once by name.
    func testNrfxStyleStartupRunsAndReportsUnmodelledRegisters() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/nrfx_style.elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "10s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("nrfx-style start-up done\n"))
        XCTAssertTrue(result.stdout.contains("PASS nrfx_style"))
        XCTAssertTrue(result.stderr.contains("tinyemu: note: NFCT+0x0000068c is not a register in the SVD"), result.stderr)
        XCTAssertEqual(result.stderr.components(separatedBy: "FICR+0x00000130").count, 2, "each address is reported once")
        let quiet = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--quiet", "--timeout", "10s"])
        XCTAssertEqual(quiet.status, 0)
        XCTAssertFalse(quiet.stderr.contains("note:"), "--quiet drops the notes")
    }

    /// The flagship demo: the spoken "yes" through VSI1; the detected voice segment moves with
    /// the noise level, and the same seed gives the same output.
    func testVoiceActivityDemoFollowsTheNoise() throws {
        let elf = try TinyEmuProcess.firmware("demo/voice_activity.elf")
        let word = TinyEmuProcess.repositoryRoot.appendingPathComponent("SensorTraces/keywords/yes.wav").path
        let clean = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--sensor", "mic=\(word)"])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stdout.contains("voice from 100 ms to 360 ms"), clean.stdout)
        let noisy = ["run", elf, "--platform", "nano33", "--sensor", "mic=\(word)", "--noise", "mic:snr=-5dB", "--seed", "1"]
        let first = try TinyEmuProcess.run(noisy)
        let second = try TinyEmuProcess.run(noisy)
        XCTAssertEqual(first.stdout, second.stdout, "same seed, same output")
        XCTAssertFalse(first.stdout.contains("voice from 100 ms to 360 ms"), "at -5 dB SNR the detection changes")
        let other = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--sensor", "mic=\(word)", "--noise", "mic:snr=-5dB", "--seed", "2"])
        XCTAssertNotEqual(first.stdout, other.stdout, "another seed, other noise")
    }

    /// A board file's button, pressed with --press at a virtual time, reaches GPIOTE as edges
    /// at exactly that time; unknown buttons and bad syntax are one line and 125.
    func testPressingAButtonOfABoardFile() throws {
        let elf = try TinyEmuProcess.firmware("nrf52/button.elf")
        let board = TinyEmuProcess.repositoryRoot.appendingPathComponent("Tests/Firmware/nrf52/button-board.yaml").path
        let result = try TinyEmuProcess.run(["run", elf, "--platform", board, "--press", "user@250ms+40ms", "--timeout", "5s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("button: pressed at 249 ms\nbutton: held for 40 ms\n"), result.stdout)
        let unknown = try TinyEmuProcess.run(["run", elf, "--platform", board, "--press", "reset@1ms"])
        XCTAssertEqual(unknown.status, 125)
        XCTAssertEqual(unknown.stderr, "tinyemu: --press reset: nano33-button has no such button (it has user)\n")
        let malformed = try TinyEmuProcess.run(["run", elf, "--platform", board, "--press", "user"])
        XCTAssertEqual(malformed.status, 125)
        XCTAssertTrue(malformed.stderr.hasPrefix("tinyemu: --press: expected NAME@TIME[+DURATION]"), malformed.stderr)
    }
}
