#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CortexM
import Emulation

/// Writes one line per executed instruction: address, symbol+offset, encoding, disassembly and
/// the registers the instruction changed.
public final class Tracer: InstructionObserver {
    private let file: UnsafeMutablePointer<FILE>
    private var before: [(String, UInt32)] = []
    private var pc: UInt32 = 0
    private var line = ""

    public init?(path: String) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
    }

    public func close() { fclose(file) }

    public func willExecute(_ machine: Machine) {
        let cpu = machine.cpu
        pc = cpu.pc
        before = cpu.registerSnapshot
        let (hw1, hw2) = cpu.encoding(at: pc) ?? (0, 0)
        let inIT = cpu.itState != 0
        let condition: UInt8? = inIT ? cpu.itState >> 4 : nil
        let (text, size) = ThumbDisassembler.disassemble(hw1, hw2, address: pc, inITBlock: inIT, condition: condition)
        let encoding = size == 4 ? hw1.hexString.dropFirst(2) + hw2.hexString.dropFirst(2) : hw1.hexString.dropFirst(2) + "    "
        let symbol = machine.firmware.symbols.lookup(pc) != nil ? machine.firmware.symbols.describe(pc) : ""
        line = "\(pc.hexString)  \(pad(symbol, 24)) \(encoding)  \(pad(text, 32))"
    }

    public func didExecute(_ machine: Machine, stop: CPUStop) {
        let after = machine.cpu.registerSnapshot
        var changes: [String] = []
        for (old, new) in zip(before, after) where old.1 != new.1 && old.0 != "pc" {
            changes.append("\(new.0)=\(new.1.hexString)")
        }
        if case .halted(let halt) = stop { changes.append("; stopped: \(halt.message)") }
        let text = (line + changes.joined(separator: " ")).trimmingTrailingSpaces + "\n"
        fputs(text, file)
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
