import Foundation
import Emulation
import Sensors

/// PDM: the digital microphone interface, delivering decimated 16-bit PCM by EasyDMA. The
/// microphone is the board's PDM device (`mp34dt05`), fed by the `mic` stream; samples are
/// the stream at the rate the registers give, PDM_CLK / RATIO, with PDM_CLK from PDMCLKCTRL as
/// the SVD lists it (1.000 MHz = 32 MHz/32, default 1.032 MHz = 32 MHz/31, 1.067, 1.231,
/// 1.280, 1.333 MHz; other values as 32 MHz · FREQ / 2³²) and RATIO 64 or 80 — so the
/// default registers give 16.129 kHz and 1.280 MHz/80 gives exactly 16 kHz.
///
/// START latches SAMPLE.PTR and SAMPLE.MAXCNT and fires STARTED; END fires when MAXCNT samples
/// have been produced in virtual time (the buffer is then in RAM), and the next buffer starts
/// at once from the SAMPLE.PTR then written — nrfx's double buffering (set the next pointer
/// after STARTED). STOP ends the transfer (samples so far are written) and fires STOPPED.
/// GAINL/GAINR apply as the PS says: 0.5 dB steps, 0x28 = 0 dB, 0x00 = −20 dB, 0x50 = +20 dB
/// (larger values saturate), then rounding and saturation to 16 bits. MODE.OPERATION: mono
/// gives one sample per word half; stereo interleaves left and right, the microphone being
/// the left channel and the right reading 0. Not modelled: the decimation filter's delay and
/// start-up transient (the stream is already band-limited PCM), PSEL pins, EDGE.
final class PDM: NordicPeripheral {
    /// The microphone's stream; nil when the board has no microphone (buffers fill with zeros).
    var microphone: SensorFeed?
    /// Whether the microphone is powered (its supply pin), when the board says.
    var microphonePowered: () -> Bool = { true }

    private var bufferEvent = 0
    private var running = false
    private var stopping = false
    /// The buffer being filled: RAM address, samples, and the stream index of its first frame.
    private var buffer: (address: UInt32, count: Int, firstFrame: Int64, rate: SampleRate) = (0, 0, 0, SampleRate(hertz: 16000))

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "PDMCLKCTRL", "MODE", "GAINL", "GAINR", "RATIO", "PSEL.CLK", "PSEL.DIN",
                "SAMPLE.PTR", "SAMPLE.MAXCNT")
        bufferEvent = context.scheduler.register { [unowned self] _ in self.bufferFilled() }
        task("TASKS_START") { [unowned self] in
            guard self["ENABLE"] & 1 != 0, !self.running else { return }
            self.running = true
            self.stopping = false
            self.startBuffer(firstFrame: self.sampleRate.sampleIndex(atCycle: context.now(), clockHz: context.clockHz) + 1)
        }
        task("TASKS_STOP") { [unowned self] in self.stop() }
    }

    /// PDM_CLK divisors the SVD names for PDMCLKCTRL.FREQ (32 MHz / divisor).
    private static let divisors: [UInt32: UInt64] = [0x0800_0000: 32, 0x0840_0000: 31, 0x0880_0000: 30,
                                                     0x0980_0000: 26, 0x0A00_0000: 25, 0x0A80_0000: 24]

    /// The output sample rate the registers give: PDM_CLK / RATIO.
    var sampleRate: SampleRate {
        let ratio: UInt64 = self["RATIO"] & 1 == 0 ? 64 : 80
        let frequency = self["PDMCLKCTRL"]
        if let divisor = PDM.divisors[frequency] {
            return SampleRate(numerator: 32_000_000, denominator: divisor * ratio)
        }
        return SampleRate(numerator: 32_000_000 * UInt64(max(frequency, 1)), denominator: (1 << 32) * ratio)
    }

    private var stereo: Bool { self["MODE"] & 1 == 0 }

    /// A gain register as a factor: 0.5 dB steps around 0x28, saturating at ±20 dB.
    static func gainFactor(_ register: UInt32) -> Double {
        let steps = Double(min(register & 0x7F, 0x50)) - 0x28
        return steps == 0 ? 1 : pow(10, steps * 0.5 / 20)
    }

    private static func cycle(ofSample index: Int64, rate: SampleRate, clockHz: UInt64) -> UInt64 {
        // ceil(index · clockHz · denominator / numerator): the first cycle at which the sample is due.
        let (high, low) = UInt64(max(index, 0)).multipliedFullWidth(by: clockHz * rate.denominator)
        let (quotient, remainder) = rate.numerator.dividingFullWidth((high, low))
        return quotient + (remainder == 0 ? 0 : 1)
    }

    private func startBuffer(firstFrame: UInt64) {
        let count = Int(self["SAMPLE.MAXCNT"] & 0x7FFF)
        let rate = sampleRate
        buffer = (self["SAMPLE.PTR"], count, Int64(firstFrame), rate)
        fire("EVENTS_STARTED")
        guard running else { return }
        let frames = stereo ? (count + 1) / 2 : count
        let last = Int64(firstFrame) + Int64(max(frames, 1)) - 1
        context.scheduler.schedule(bufferEvent, at: max(context.now() + 1, PDM.cycle(ofSample: last, rate: rate, clockHz: context.clockHz)))
    }

    /// The PCM words of `frames` frames from the buffer's start.
    private func samples(frames: Int) -> [Int16] {
        guard frames > 0 else { return [] }
        var left: [Int16]
        if let microphone, microphonePowered() {
            let gain = PDM.gainFactor(self["GAINL"])
            let values = microphone.values(from: buffer.firstFrame, count: frames, rate: buffer.rate)
            left = values.map { PCM16.sample($0 * gain) }
        } else {
            left = [Int16](repeating: 0, count: frames)
        }
        guard stereo else { return left }
        return left.flatMap { [$0, 0] }
    }

    private func writeBuffer(frames: Int) {
        let words = Array(samples(frames: frames).prefix(buffer.count))
        guard !words.isEmpty else { return }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(words.count * 2)
        for word in words {
            bytes.append(UInt8(truncatingIfNeeded: word))
            bytes.append(UInt8(truncatingIfNeeded: UInt16(bitPattern: word) >> 8))
        }
        if !context.bus.writeBytes(buffer.address, bytes) {
            log.unmodelled("\(name) EasyDMA write of \(bytes.count) bytes at \(buffer.address.hexString) (not RAM)")
        }
    }

    private func bufferFilled() {
        let frames = stereo ? (buffer.count + 1) / 2 : buffer.count
        writeBuffer(frames: frames)
        fire("EVENTS_END")
        guard running else { return }
        if stopping {
            finishStop()
        } else {
            startBuffer(firstFrame: UInt64(buffer.firstFrame + Int64(max(frames, 1))))
        }
    }

    private func stop() {
        guard running else {
            fire("EVENTS_STOPPED")
            return
        }
        // Samples produced so far reach RAM; the transfer ends.
        let produced = Int64(sampleRate.sampleIndex(atCycle: context.now(), clockHz: context.clockHz)) - buffer.firstFrame + 1
        let frames = stereo ? (buffer.count + 1) / 2 : buffer.count
        writeBuffer(frames: Int(max(0, min(produced, Int64(frames)))))
        context.scheduler.cancel(bufferEvent)
        finishStop()
    }

    private func finishStop() {
        running = false
        stopping = false
        fire("EVENTS_STOPPED")
    }

    override func reset() {
        super.reset()
        running = false
        context.scheduler.cancel(bufferEvent)
    }
}
