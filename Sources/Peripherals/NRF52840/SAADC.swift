import Emulation
import Sensors

/// SAADC: the successive-approximation ADC with EasyDMA. Analog inputs AIN0–AIN7 are the
/// board's `analog` devices, each a sensor stream times a volts-per-unit factor (an input with
/// no device reads 0 V); VDD reads 3.3 V and VDDH/5 reads 0.66 V (VDDH tied to 3.3 V).
///
/// START latches RESULT.PTR/MAXCNT and fires STARTED. SAMPLE converts every enabled channel
/// (PSELP ≠ NC) in channel order, each taking its acquisition time (CONFIG.TACQ) plus 2 µs of
/// conversion in virtual time: DONE after each conversion, RESULTDONE when a result goes to
/// RAM, END when MAXCNT results are there (RESULT.AMOUNT counts them). A result is
/// (V(P) − V(N)) · GAIN / REFERENCE · 2^(RESOLUTION − m) (m = 1 in differential mode), with
/// REFERENCE 0.6 V (internal) or VDD/4, saturated to the result range, stored as a signed
/// 16-bit word. OVERSAMPLE averages 2^OVERSAMPLE conversions into one result: each SAMPLE
/// task converts once unless CONFIG.BURST, which converts them all. CALIBRATEOFFSET fires
/// CALIBRATEDONE; STOP fires STOPPED. Not modelled: continuous sampling from the internal
/// timer (SAMPLERATE.MODE = Timers), limit events (CH[n].LIMIT), resistor ladders (RESP/RESN),
/// input impedance and real conversion noise (noise comes from the stream's settings).
final class SAADC: NordicPeripheral {
    /// AIN0…AIN7: a stream and its volts per stream unit.
    var inputs: [(feed: SensorFeed, voltsPerUnit: Double)?] = Array(repeating: nil, count: 8)
    private var conversionEvent = 0, calibrationEvent = 0
    private var started = false
    private var buffer: (address: UInt32, capacity: Int) = (0, 0)
    private var conversionsDone = 0
    /// Conversions pending in the current SAMPLE: channel numbers, in order.
    private var queue: [Int] = []
    private var accumulated: [Int: (sum: Double, count: Int)] = [:]

    static let vdd = 3.3

    init(layout: PeripheralLayout, context: PeripheralContext) {
        super.init(name: layout.name, base: layout.base, irq: layout.irq, layout: layout.layout, context: context)
        storage("ENABLE", "RESOLUTION", "OVERSAMPLE", "SAMPLERATE", "RESULT.PTR", "RESULT.MAXCNT")
        for n in 0..<8 { storage("CH[\(n)].PSELP", "CH[\(n)].PSELN", "CH[\(n)].CONFIG", "CH[\(n)].LIMIT") }
        onRead("RESULT.AMOUNT") { v in v }
        onRead("STATUS") { [unowned self] _ in self.queue.isEmpty ? 0 : 1 }
        conversionEvent = context.scheduler.register { [unowned self] _ in self.conversionFinished() }
        calibrationEvent = context.scheduler.register { [unowned self] _ in self.fire("EVENTS_CALIBRATEDONE") }
        task("TASKS_START") { [unowned self] in
            guard self["ENABLE"] & 1 != 0 else { return }
            self.started = true
            self.buffer = (self["RESULT.PTR"], Int(self["RESULT.MAXCNT"] & 0x7FFF))
            self["RESULT.AMOUNT"] = 0
            self.fire("EVENTS_STARTED")
        }
        task("TASKS_SAMPLE") { [unowned self] in self.sample() }
        task("TASKS_STOP") { [unowned self] in
            self.queue = []
            self.started = false
            context.scheduler.cancel(self.conversionEvent)
            self.fire("EVENTS_STOPPED")
        }
        task("TASKS_CALIBRATEOFFSET") { [unowned self] in
            guard self["ENABLE"] & 1 != 0 else { return }
            // Offset calibration takes a few conversions' time; 20 µs here.
            context.scheduler.schedule(self.calibrationEvent, at: context.now() + context.cycles(ticks: 20, hz: 1_000_000))
        }
    }

    private var enabledChannels: [Int] {
        (0..<8).filter { self["CH[\($0)].PSELP"] & 0x1F != 0 }
    }

    private var oversampling: Int { 1 << Int(min(self["OVERSAMPLE"] & 0xF, 8)) }

    private func sample() {
        guard started, queue.isEmpty else { return }
        var channels = enabledChannels
        guard !channels.isEmpty else { return }
        // Oversampling is for one channel; BURST takes all its conversions at once.
        if oversampling > 1, let first = channels.first {
            let burst = self["CH[\(first)].CONFIG"] >> 24 & 1 != 0
            let remaining = oversampling - (accumulated[first]?.count ?? 0)
            channels = Array(repeating: first, count: burst ? remaining : 1)
        }
        queue = channels
        scheduleNext()
    }

    private func conversionCycles(channel: Int) -> UInt64 {
        let acquisition: [UInt64] = [3, 5, 10, 15, 20, 40, 40, 40]
        let tacq = acquisition[Int(self["CH[\(channel)].CONFIG"] >> 16 & 7)]
        return max(1, context.cycles(ticks: tacq + 2, hz: 1_000_000))
    }

    private func scheduleNext() {
        guard let channel = queue.first else { return }
        context.scheduler.schedule(conversionEvent, at: context.now() + conversionCycles(channel: channel))
    }

    /// The voltage at a PSELP/PSELN selection.
    private func voltage(select: UInt32) -> Double {
        switch select & 0x1F {
        case 1...8:
            guard let input = inputs[Int(select & 0x1F) - 1] else { return 0 }
            return input.feed.currentFrame(rate: input.feed.defaultRate)[0] * input.voltsPerUnit
        case 9: return SAADC.vdd
        case 0x0D: return SAADC.vdd / 5
        default: return 0
        }
    }

    /// The conversion result of a channel now, before averaging, as a real number of LSBs.
    func convert(channel: Int) -> Double {
        let config = self["CH[\(channel)].CONFIG"]
        let gains: [Double] = [1.0 / 6, 1.0 / 5, 1.0 / 4, 1.0 / 3, 1.0 / 2, 1, 2, 4]
        let gain = gains[Int(config >> 8 & 7)]
        let reference = config >> 12 & 1 == 0 ? 0.6 : SAADC.vdd / 4
        let differential = config >> 20 & 1 != 0
        let positive = voltage(select: self["CH[\(channel)].PSELP"])
        let negative = differential ? voltage(select: self["CH[\(channel)].PSELN"]) : 0
        let bits = [8, 10, 12, 14][Int(self["RESOLUTION"] & 3)] - (differential ? 1 : 0)
        return (positive - negative) * gain / reference * Double(1 << bits)
    }

    /// A result saturated to the range of the resolution and mode.
    func saturate(_ value: Double, channel: Int) -> Int16 {
        let differential = self["CH[\(channel)].CONFIG"] >> 20 & 1 != 0
        let bits = [8, 10, 12, 14][Int(self["RESOLUTION"] & 3)] - (differential ? 1 : 0)
        let top = Double((1 << bits) - 1)
        let bottom = -Double(1 << bits)
        return Int16(max(bottom, min(top, value.rounded())))
    }

    private func conversionFinished() {
        guard !queue.isEmpty else { return }
        let channel = queue.removeFirst()
        fire("EVENTS_DONE")
        var result: Double? = convert(channel: channel)
        if oversampling > 1 {
            var entry = accumulated[channel] ?? (0, 0)
            entry.sum += result ?? 0
            entry.count += 1
            if entry.count >= oversampling {
                result = entry.sum / Double(entry.count)
                accumulated[channel] = nil
            } else {
                accumulated[channel] = entry
                result = nil
            }
        }
        if let result {
            store(saturate(result, channel: channel))
        }
        if !queue.isEmpty { scheduleNext() }
    }

    private func store(_ value: Int16) {
        let amount = Int(self["RESULT.AMOUNT"])
        guard started, amount < buffer.capacity else { return }
        let bits = UInt16(bitPattern: value)
        if !context.bus.writeBytes(buffer.address + UInt32(amount * 2), [UInt8(bits & 0xFF), UInt8(bits >> 8)]) {
            log.unmodelled("\(name) EasyDMA write at \((buffer.address + UInt32(amount * 2)).hexString) (not RAM)")
        }
        self["RESULT.AMOUNT"] = UInt32(amount + 1)
        fire("EVENTS_RESULTDONE")
        if amount + 1 == buffer.capacity {
            queue = []
            context.scheduler.cancel(conversionEvent)
            fire("EVENTS_END")
        }
    }

    override func reset() {
        super.reset()
        started = false
        queue = []
        accumulated = [:]
        context.scheduler.cancel(conversionEvent)
        context.scheduler.cancel(calibrationEvent)
    }
}
