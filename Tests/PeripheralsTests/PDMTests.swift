import XCTest
@testable import Peripherals
import Platforms
import Sensors

/// PDM: the sample rate from PDMCLKCTRL and RATIO, buffers in virtual time, double buffering,
/// gain, stereo layout, and the microphone's supply.
final class PDMTests: XCTestCase {
    private let pdm: UInt32 = 0x4001_D000
    private let microphone = DeviceDescription(name: "mic", type: "mp34dt05", bus: "PDM", parameters: ["sensor": "mic"])

    private func pdmBlock(_ rig: ChipRig) throws -> PDM { try XCTUnwrap(rig.chip.blocks["PDM"] as? PDM) }

    func testRateFollowsTheRegisters() throws {
        let rig = try ChipRig()
        let block = try pdmBlock(rig)
        XCTAssertEqual(block.sampleRate, SampleRate(numerator: 32_000_000, denominator: 31 * 64), "default: 1.032 MHz / 64 = 16.129 kHz")
        rig.write(pdm + 0x504, 0x0A00_0000)
        rig.write(pdm + 0x520, 1)
        XCTAssertEqual(block.sampleRate, SampleRate(hertz: 16_000), "1.280 MHz / 80")
        XCTAssertEqual(PDM.gainFactor(0x28), 1)
        XCTAssertEqual(PDM.gainFactor(0x50), 10, accuracy: 1e-12, "+20 dB")
        XCTAssertEqual(PDM.gainFactor(0x00), 0.1, accuracy: 1e-12, "−20 dB")
        XCTAssertEqual(PDM.gainFactor(0x7F), 10, accuracy: 1e-12, "saturates at +20 dB")
    }

    func testDoubleBufferedCaptureOfTheStream() throws {
        let sensors = try SensorConfiguration.parse(sensors: ["mic=sine,freq=1kHz,amp=0.25"], noise: [], seed: nil)
        let rig = try ChipRig(devices: [microphone], sensors: sensors)
        rig.write(pdm + 0x504, 0x0A00_0000)
        rig.write(pdm + 0x520, 1)                       // 16 kHz
        rig.write(pdm + 0x508, 1)                       // mono
        rig.write(pdm + 0x51C, 0x50)                    // GAINR: ignored in mono
        rig.write(pdm + 0x560, 0x2000_0000)
        rig.write(pdm + 0x564, 160)                     // 10 ms buffers
        rig.write(pdm + 0x500, 1)
        rig.write(pdm + 0x000, 1)                       // START
        XCTAssertEqual(rig.read(pdm + 0x100), 1, "STARTED")
        rig.write(pdm + 0x100, 0)
        rig.write(pdm + 0x560, 0x2000_1000)             // the next buffer
        rig.advance(to: 640_000 - 1)
        XCTAssertEqual(rig.read(pdm + 0x108), 0)
        rig.advance(to: 640_000)
        XCTAssertEqual(rig.read(pdm + 0x108), 1, "END after 160 samples at 16 kHz (samples 1...160)")
        XCTAssertEqual(rig.read(pdm + 0x100), 1, "the next buffer started at once")
        let words = try XCTUnwrap(rig.bus.readBytes(0x2000_0000, count: 320))
        let samples = stride(from: 0, to: 320, by: 2).map { Int16(bitPattern: UInt16(words[$0]) | UInt16(words[$0 + 1]) << 8) }
        var stream = try sensors.stream(named: "mic", rate: SampleRate(hertz: 16_000))
        XCTAssertEqual(samples, stream.pcm16(from: 1, count: 160))
        rig.advance(to: 1_280_000)
        let second = try XCTUnwrap(rig.bus.readBytes(0x2000_1000, count: 2))
        XCTAssertEqual(Int16(bitPattern: UInt16(second[0]) | UInt16(second[1]) << 8), stream.pcm16(from: 161, count: 1)[0],
                       "the second buffer continues the stream")
        rig.write(pdm + 0x004, 1)
        XCTAssertEqual(rig.read(pdm + 0x104), 1, "STOPPED")
    }

    func testStereoGainAndUnpoweredMicrophone() throws {
        let sensors = try SensorConfiguration.parse(sensors: ["mic=sine,freq=1kHz,amp=0.25"], noise: [], seed: nil)
        var powered = microphone
        powered.parameters["power"] = "P0.17"
        let rig = try ChipRig(devices: [powered], sensors: sensors)
        rig.write(pdm + 0x504, 0x0A00_0000)
        rig.write(pdm + 0x520, 1)
        rig.write(pdm + 0x518, 0x3C)                    // GAINL +10 dB
        rig.write(pdm + 0x560, 0x2000_0000)
        rig.write(pdm + 0x564, 8)                       // 4 stereo frames
        rig.write(pdm + 0x500, 1)
        rig.write(pdm + 0x000, 1)
        rig.advance(to: 4 * 4000)
        var bytes = try XCTUnwrap(rig.bus.readBytes(0x2000_0000, count: 16))
        XCTAssertEqual(bytes, [UInt8](repeating: 0, count: 16), "no supply, no sound")
        rig.write(0x5000_0514, 1 << 17)
        rig.write(0x5000_0504, 1 << 17)
        rig.advance(to: 8 * 4000)
        bytes = try XCTUnwrap(rig.bus.readBytes(0x2000_0000, count: 16))
        var stream = try sensors.stream(named: "mic", rate: SampleRate(hertz: 16_000))
        let expected = stream.read(from: 5, count: 4).channel(0).map { PCM16.sample($0 * pow(10, 0.5)) }
        let words = stride(from: 0, to: 16, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
        XCTAssertEqual(words, expected.flatMap { [$0, 0] }, "left = microphone at +10 dB, right = 0")
    }
}
