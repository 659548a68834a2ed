import Emulation

/// A streaming peripheral after Arm Virtual Hardware's Virtual Streaming Interface (VSI), so
/// firmware can take a camera's frames, a microphone's samples or a file's bytes by DMA on a
/// board that has no such device. Registers (offsets as in AVH's `arm_vsi.h`):
///
///     0x000 IRQ.Enable   0x004 IRQ.Set (W)   0x008 IRQ.Clear (W)   0x00C IRQ.Status (R)
///     0x100 Timer.Control: bit 0 Run, 1 Periodic, 2 Trig IRQ, 3 Trig DMA
///     0x104 Timer.Interval (µs)   0x108 Timer.Count (R: events so far)
///     0x200 DMA.Control: bit 0 Enable, bit 1 Direction (0 peripheral→memory)
///     0x204 DMA.Address   0x208 DMA.BlockSize   0x20C DMA.BlockNum   0x210 DMA.BlockIndex (R)
///     0xF00 Regs[0..63]: user registers (Regs[0..3] report the source: see `sourceRegisters`)
///
/// Each timer event, with Trig DMA and the DMA enabled, writes the next BlockSize bytes of the
/// source into block BlockIndex of the ring at Address and advances BlockIndex (wrapping at
/// BlockNum); with Trig IRQ it sets IRQ.Status bit 0, which raises the interrupt while enabled.
public final class VirtualStreamingInterface: Peripheral {
    /// Where the bytes come from, in order.
    public protocol Source: AnyObject {
        /// The next `count` bytes (the source decides what a byte sequence means: frames
        /// one after another, PCM samples little-endian, a file).
        func next(_ count: Int, atNanoseconds: UInt64) -> [UInt8]
        /// Shown to firmware in Regs[0...3], e.g. width, height, bytes per pixel, frame rate.
        var description: [UInt32] { get }
    }

    public let name: String
    private let context: PeripheralContext
    private let irq: Int?
    private let source: Source?
    private var irqEnable: UInt32 = 0
    private var irqStatus: UInt32 = 0
    private var timerControl: UInt32 = 0
    private var interval: UInt32 = 0
    private var count: UInt32 = 0
    private var dmaControl: UInt32 = 0
    private var dmaAddress: UInt32 = 0
    private var blockSize: UInt32 = 0
    private var blockCount: UInt32 = 0
    private var blockIndex: UInt32 = 0
    private var userRegisters = [UInt32](repeating: 0, count: 64)
    private var timerEvent = 0

    public static let size: UInt32 = 0x1000

    public init(name: String, irq: Int?, source: Source?, context: PeripheralContext) {
        self.name = name
        self.irq = irq
        self.source = source
        self.context = context
        for (i, value) in (source?.description ?? []).prefix(4).enumerated() { userRegisters[i] = value }
        timerEvent = context.scheduler.register { [unowned self] _ in self.tick() }
    }

    public func read(offset: UInt32, size: Int) -> UInt32? {
        let value: UInt32
        switch offset & ~3 {
        case 0x000: value = irqEnable
        case 0x00C: value = irqStatus
        case 0x100: value = timerControl
        case 0x104: value = interval
        case 0x108: value = count
        case 0x200: value = dmaControl
        case 0x204: value = dmaAddress
        case 0x208: value = blockSize
        case 0x20C: value = blockCount
        case 0x210: value = blockIndex
        case 0xF00..<0x1000: value = userRegisters[Int((offset - 0xF00) / 4)]
        default: value = 0
        }
        trace(offset, write: false, value)
        return value >> ((offset & 3) * 8)
    }

    public func write(offset: UInt32, size: Int, value: UInt32) -> Bool {
        trace(offset, write: true, value)
        switch offset & ~3 {
        case 0x000:
            irqEnable = value & 1
            updateInterrupt()
        case 0x004:
            irqStatus |= value & 1
            updateInterrupt()
        case 0x008:
            irqStatus &= ~(value & 1)
            updateInterrupt()
        case 0x100:
            timerControl = value & 0xF
            if timerControl & 1 != 0 { schedule() } else { context.scheduler.cancel(timerEvent) }
        case 0x104: interval = value
        case 0x200:
            dmaControl = value & 3
            if dmaControl & 1 != 0 { blockIndex = 0 }
        case 0x204: dmaAddress = value
        case 0x208: blockSize = value
        case 0x20C: blockCount = value
        case 0xF00..<0x1000: userRegisters[Int((offset - 0xF00) / 4)] = value
        default: break
        }
        return true
    }

    private func schedule() {
        let ticks = UInt64(max(interval, 1))
        context.scheduler.schedule(timerEvent, at: context.now() + context.cycles(ticks: ticks, hz: 1_000_000))
    }

    private func tick() {
        count &+= 1
        if timerControl & 8 != 0 && dmaControl & 3 == 1 && blockSize > 0 && blockCount > 0 {
            let nanoseconds = context.now() * 1_000_000_000 / context.clockHz
            let bytes = source?.next(Int(blockSize), atNanoseconds: nanoseconds) ?? [UInt8](repeating: 0, count: Int(blockSize))
            let address = dmaAddress &+ blockIndex &* blockSize
            if !context.bus.writeBytes(address, bytes) {
                context.log.unmodelled("\(name) DMA write of \(blockSize) bytes at \(address.hexString) (not RAM)")
            }
            blockIndex = (blockIndex + 1) % blockCount
        }
        if timerControl & 4 != 0 {
            irqStatus |= 1
            updateInterrupt()
        }
        if timerControl & 2 != 0 { schedule() } else { timerControl &= ~1 }
    }

    private func updateInterrupt() {
        guard let irq else { return }
        context.interrupts.set(irq, from: self, high: irqEnable & irqStatus & 1 != 0)
    }

    private func trace(_ offset: UInt32, write: Bool, _ value: UInt32) {
        let names: [UInt32: String] = [0x000: "IRQ.Enable", 0x004: "IRQ.Set", 0x008: "IRQ.Clear", 0x00C: "IRQ.Status",
                                       0x100: "Timer.Control", 0x104: "Timer.Interval", 0x108: "Timer.Count",
                                       0x200: "DMA.Control", 0x204: "DMA.Address", 0x208: "DMA.BlockSize",
                                       0x20C: "DMA.BlockNum", 0x210: "DMA.BlockIndex"]
        let register = names[offset & ~3] ?? (offset >= 0xF00 ? "Regs[\((offset - 0xF00) / 4)]" : "+\(offset.hexString)")
        context.log.access(context.now(), name, register, write: write, value)
    }
}
