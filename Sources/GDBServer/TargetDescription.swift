import Emulation
import Emulator

/// The registers as gdb numbers them (the `regnum`s of the target description and of `p`/`P`),
/// in the order of the `g` packet.
public enum GDBRegisters {
    public struct Entry: Sendable {
        public var name: String
        public var register: DebugSession.Register
        /// 4 or 8 bytes (d0–d15 are pairs of single-precision registers).
        public var size: Int
    }

    public static let all: [Entry] = {
        var entries: [Entry] = (0..<13).map { Entry(name: "r\($0)", register: .core($0), size: 4) }
        entries += [Entry(name: "sp", register: .core(13), size: 4), Entry(name: "lr", register: .core(14), size: 4),
                    Entry(name: "pc", register: .core(15), size: 4), Entry(name: "xpsr", register: .xpsr, size: 4)]
        entries += (0..<16).map { Entry(name: "d\($0)", register: .single(2 * $0), size: 8) }
        entries.append(Entry(name: "fpscr", register: .fpscr, size: 4))
        entries += [("msp", DebugSession.Register.msp), ("psp", .psp), ("primask", .primask), ("basepri", .basepri),
                    ("faultmask", .faultmask), ("control", .control)].map { Entry(name: $0.0, register: $0.1, size: 4) }
        return entries
    }()

    public static let pc = 15
    public static let sp = 13

    /// The target description: gdb's M-profile core, the FPv4-SP registers as gdb's VFP feature
    /// (d0–d15 and fpscr; gdb shows s0–s31 as pseudo-registers over them) and the system
    /// registers in gdb's m-system feature.
    public static let targetXML: String = {
        var lines = [
            #"<?xml version="1.0"?>"#,
            #"<!DOCTYPE target SYSTEM "gdb-target.dtd">"#,
            #"<target version="1.0">"#,
            "  <architecture>arm</architecture>",
            #"  <feature name="org.gnu.gdb.arm.m-profile">"#,
        ]
        func reg(_ n: Int, type: String, group: String? = nil) -> String {
            let entry = all[n]
            return #"    <reg name="\#(entry.name)" bitsize="\#(entry.size * 8)" regnum="\#(n)" type="\#(type)""#
                + (group.map { #" group="\#($0)""# } ?? "") + "/>"
        }
        for n in 0..<13 { lines.append(reg(n, type: "uint32", group: "general")) }
        lines += [reg(13, type: "data_ptr", group: "general"), reg(14, type: "uint32", group: "general"),
                  reg(15, type: "code_ptr", group: "general"), reg(16, type: "uint32", group: "general")]
        lines += ["  </feature>", #"  <feature name="org.gnu.gdb.arm.vfp">"#]
        for n in 17..<33 { lines.append(reg(n, type: "ieee_double", group: "float")) }
        lines.append(reg(33, type: "uint32", group: "float"))
        lines += ["  </feature>", #"  <feature name="org.gnu.gdb.arm.m-system">"#]
        lines += [reg(34, type: "data_ptr", group: "system"), reg(35, type: "data_ptr", group: "system")]
        for n in 36..<40 { lines.append(reg(n, type: "uint32", group: "system")) }
        lines += ["  </feature>", "</target>"]
        return lines.joined(separator: "\n") + "\n"
    }()

    /// The memory map: flash as `flash` with a block size (so gdb's `load` erases and writes it
    /// with vFlashErase/vFlashWrite), RAM and ROM as such, and every gap as `ram` so that
    /// peripheral registers stay readable from gdb (the stub refuses what is not there).
    public static func memoryMapXML(_ regions: [(kind: MemoryRegion.Kind, base: UInt32, size: UInt32)], flashBlockSize: UInt32 = 0x1000) -> String {
        var lines = [#"<?xml version="1.0"?>"#,
                     #"<!DOCTYPE memory-map PUBLIC "+//IDN gnu.org//DTD GDB Memory Map V1.0//EN" "http://sourceware.org/gdb/gdb-memory-map.dtd">"#,
                     "<memory-map>"]
        func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
        var next: UInt64 = 0
        for region in regions.sorted(by: { $0.base < $1.base }) where region.size > 0 {
            let base = UInt64(region.base)
            guard base >= next else { continue }
            if base > next { lines.append(#"  <memory type="ram" start="\#(hex(next))" length="\#(hex(base - next))"/>"#) }
            switch region.kind {
            case .flash:
                lines.append(#"  <memory type="flash" start="\#(hex(base))" length="\#(hex(UInt64(region.size)))">"#)
                lines.append(#"    <property name="blocksize">\#(hex(UInt64(flashBlockSize)))</property>"#)
                lines.append("  </memory>")
            case .rom:
                lines.append(#"  <memory type="rom" start="\#(hex(base))" length="\#(hex(UInt64(region.size)))"/>"#)
            case .ram:
                lines.append(#"  <memory type="ram" start="\#(hex(base))" length="\#(hex(UInt64(region.size)))"/>"#)
            }
            next = base + UInt64(region.size)
        }
        if next < 1 << 32 { lines.append(#"  <memory type="ram" start="\#(hex(next))" length="\#(hex((1 << 32) - next))"/>"#) }
        lines.append("</memory-map>")
        return lines.joined(separator: "\n") + "\n"
    }
}
