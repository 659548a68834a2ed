#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Emulation

/// A memory region the CPU can execute from, with one pre-decoded instruction slot per
/// halfword. The slots come from `calloc`, so untouched parts of a large flash cost no memory.
final class CodeRegion {
    /// The memory decoded from; held so `memory` stays valid as long as this region.
    let region: MemoryRegion
    let base: UInt32
    let size: UInt32
    let memory: UnsafeMutableRawPointer
    let decoded: UnsafeMutablePointer<Instruction>
    /// One byte per 256-byte page: non-zero when the page holds decoded instructions, so that
    /// stores into pages without code skip invalidation.
    let marks: UnsafeMutablePointer<UInt8>
    let slotCount: Int
    let markCount: Int
    /// How far the executor may fetch without asking anyone: the whole region, or 0 while the
    /// MPU must check every fetch.
    var fastFetchSize: UInt32

    init(region: MemoryRegion) {
        self.region = region
        base = region.base
        size = region.size
        memory = region.bytes
        fastFetchSize = region.size
        slotCount = Int(region.size / 2) + 1
        markCount = Int(region.size >> FastMemory.markShift) + 1
        decoded = calloc(slotCount, MemoryLayout<Instruction>.stride)!.bindMemory(to: Instruction.self, capacity: slotCount)
        marks = calloc(markCount, 1)!.bindMemory(to: UInt8.self, capacity: markCount)
    }

    deinit {
        free(decoded)
        free(marks)
    }

    /// Forgets decoded instructions in [offset, offset + count) (and the slot before, which may
    /// hold a 32-bit instruction reaching into the range).
    func invalidate(offset: UInt32, count: UInt32) {
        guard count > 0, offset < size else { return }
        let first = Int(offset >> 1)
        let last = min(Int((UInt64(offset) + UInt64(count) - 1) >> 1), slotCount - 1)
        for i in max(first - 1, 0)...last { decoded[i] = Instruction() }
    }

    func invalidateAll() {
        memset(decoded, 0, slotCount * MemoryLayout<Instruction>.stride)
        memset(marks, 0, markCount)
    }
}
