import Foundation
import XCTest
@testable import Firmware

/// Loads ELF files produced by the real ARM toolchain, when it is installed, to catch
/// differences between hand-built test files and what GNU ld actually emits.
final class CrossCompiledELFTests: XCTestCase {
    private func findCompiler() throws -> URL {
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in searchPath.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("arm-none-eabi-gcc")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw XCTSkip("arm-none-eabi-gcc is not on PATH")
    }

    /// Compiles `source` as a bare-metal Cortex-M4 program entered at `main`; `linkArguments`
    /// default to placing .text at address 0.
    private func compile(_ source: String, linkArguments: [String] = ["-Wl,-Ttext=0"], in directory: URL) throws -> String {
        let compiler = try findCompiler()
        let sourceURL = directory.appendingPathComponent("x.c")
        try source.write(to: sourceURL, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("x.elf")
        let process = Process()
        process.executableURL = compiler
        process.arguments = [
            "-mcpu=cortex-m4", "-mthumb", "-nostartfiles", "-nostdlib",
            "-Wl,-e,main", "-o", output.path, sourceURL.path,
        ] + linkArguments
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("arm-none-eabi-gcc failed: \(String(decoding: diagnostics, as: UTF8.self))")
            throw XCTSkip("compilation failed")
        }
        return output.path
    }

    func testLoadsMinimalProgram() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = try compile("int main(void){return 0;}\n", in: directory)
        let image = try FirmwareLoader.load(path: path)
        XCTAssertEqual(image.format, .elf)
        XCTAssertFalse(image.segments.isEmpty)

        let main = try XCTUnwrap(image.symbols.symbols.first { $0.name == "main" })
        XCTAssertTrue(main.isFunction)
        XCTAssertGreaterThan(main.size, 0)
        XCTAssertEqual(main.address & 1, 0, "Thumb bit is cleared in symbol addresses")
        XCTAssertEqual(image.entry, main.address | 1, "entry is main, with the Thumb bit as stored")
        XCTAssertEqual(image.symbols.describe(main.address + 2), "main+0x2")

        let text = try XCTUnwrap(image.sections.first { $0.name == ".text" })
        XCTAssertEqual(text.kind, .code)
        XCTAssertTrue(text.isAllocated)
        XCTAssertEqual(text.address, 0)
        XCTAssertEqual(text.loadAddress, 0)
        XCTAssertTrue((text.address..<(text.address + text.size)).contains(main.address))

        // The code bytes at main are exactly what the file's .text holds.
        let segment = try XCTUnwrap(image.segments.first { $0.address <= main.address && main.address < $0.address + UInt32($0.data.count) })
        XCTAssertNotEqual(segment.data[Int(main.address - segment.address)..<Int(main.address - segment.address + 2)], [0, 0])
    }

    /// Initialised data linked for RAM but stored in flash (LMA != VMA), plus .bss.
    func testLoadsDataWithSeparateLoadAddress() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let script = """
        MEMORY { FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 64K
                 RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 16K }
        SECTIONS {
            .text : { *(.text*) *(.rodata*) } > FLASH
            .data : { *(.data*) } > RAM AT > FLASH
            .bss (NOLOAD) : { *(.bss*) *(COMMON) } > RAM
        }
        """
        let scriptURL = directory.appendingPathComponent("link.ld")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let source = """
        int counter = 0x12345678;
        int zeroed[16];
        int main(void) { zeroed[1] = counter; return zeroed[0]; }
        """
        let path = try compile(source, linkArguments: ["-T", scriptURL.path], in: directory)
        let image = try FirmwareLoader.load(path: path)

        let data = try XCTUnwrap(image.sections.first { $0.name == ".data" })
        XCTAssertEqual(data.kind, .data)
        XCTAssertEqual(data.address, 0x2000_0000)
        XCTAssertGreaterThanOrEqual(data.loadAddress, 0x0800_0000)
        XCTAssertLessThan(data.loadAddress, 0x0801_0000)
        let bss = try XCTUnwrap(image.sections.first { $0.name == ".bss" })
        XCTAssertEqual(bss.kind, .bss)
        XCTAssertEqual(bss.loadAddress, bss.address)
        XCTAssertEqual(image.symbols.address(of: "counter"), 0x2000_0000)

        // counter's initial value sits in flash at .data's load address: only the segment's
        // file bytes (p_filesz) go there.
        let segment = try XCTUnwrap(image.segments.first { $0.address == data.loadAddress })
        XCTAssertEqual(segment.data, [0x78, 0x56, 0x34, 0x12])
        XCTAssertEqual(segment.data.count, Int(data.size))
        // GNU ld puts .bss in the same PT_LOAD (memsz > filesz, even for NOLOAD); its zeros
        // belong at the run-time address after .data (p_vaddr + p_filesz), in RAM, not in flash.
        let zeros = try XCTUnwrap(image.segments.first { $0.address == data.address + data.size })
        XCTAssertTrue(zeros.data.allSatisfy { $0 == 0 })
        XCTAssertLessThanOrEqual(zeros.address, bss.address)
        XCTAssertGreaterThanOrEqual(zeros.endAddress, UInt64(bss.address) + UInt64(bss.size), "the zero tail covers .bss")
        XCTAssertFalse(image.segments.contains { $0.address >= 0x0800_0000 && $0.address < 0x0801_0000 && $0.endAddress > UInt64(data.loadAddress + data.size) },
                       "no zeros are placed in flash after .data's initial values")
        XCTAssertNoThrow(try image.validate(against: [
            MemoryArea(name: "flash", base: 0x0800_0000, size: 0x1_0000),
            MemoryArea(name: "ram", base: 0x2000_0000, size: 0x4000),
        ]))
    }
}
