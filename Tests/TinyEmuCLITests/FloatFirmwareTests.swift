import Foundation
import XCTest

/// The floating-point and DSP programs under Tests/Firmware/float (see its README.md): newlib's
/// libm against a host-made reference table, printf of floats and doubles, FPSCR rounding modes,
/// flags and NaN handling, and q7/q15 kernels written with the DSP instructions. Hard-float builds
/// run on the emulated FPv4-SP; their soft-float twins compute the same operations in libgcc.
final class FloatFirmwareTests: XCTestCase {
    private static let programs = ["libm", "libm_soft", "printf_float", "printf_float_soft",
                                   "picolibc/printf_float", "picolibc/printf_float_soft", "fpscr", "dsp"]

    private func run(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let elf = try TinyEmuProcess.firmware("float/\(name).elf")
        let result = try TinyEmuProcess.run(["run", elf, "--platform", "nano33", "--timeout", "60s"])
        XCTAssertEqual(result.status, 0, "float/\(name): \(result.stderr)\n\(result.stdout.suffix(800))",
                       file: file, line: line)
        return result.stdout
    }

    /// The first line where two outputs differ, for a readable failure message.
    private func firstDifference(_ got: String, _ want: String) -> String {
        let g = got.split(separator: "\n", omittingEmptySubsequences: false)
        let w = want.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(g.count, w.count) {
            let gl = i < g.count ? String(g[i]) : "<end>", wl = i < w.count ? String(w[i]) : "<end>"
            if gl != wl { return "line \(i + 1): got \"\(gl)\", want \"\(wl)\"" }
        }
        return "no difference"
    }

    func testEveryFloatProgramPasses() throws {
        for name in Self.programs {
            let output = try run(name)
            let test = (name as NSString).lastPathComponent.replacingOccurrences(of: "_soft", with: "")
            XCTAssertTrue(output.contains("PASS \(test)\n"), "float/\(name): \(output.suffix(800))")
            XCTAssertFalse(output.contains("FAIL") || output.contains("MISMATCH"),
                           "float/\(name): " + output.split(separator: "\n").filter {
                               $0.contains("FAIL") || $0.contains("MISMATCH") }.prefix(20).joined(separator: "\n"))
        }
    }

    /// libm.elf's whole output, every result's bits included, is the one QEMU prints
    /// (float/libm.expected): newlib's hard-float libm runs VFMA, VDIV, VSQRT, VCVT and NaN
    /// paths, so any rounding or NaN difference in the FPU shows here.
    func testLibmPrintsWhatQEMUPrints() throws {
        let output = try run("libm")
        let expectedURL = TinyEmuProcess.repositoryRoot.appendingPathComponent("Tests/Firmware/float/libm.expected")
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        XCTAssertTrue(output == expected, "libm output differs from float/libm.expected: " + firstDifference(output, expected))
    }

    /// With -ffp-contract=off the arithmetic written in libm.c is the same IEEE operations in both
    /// builds, so the FPU must agree bit for bit with libgcc's software float. (The per-call libm
    /// lines are left out: newlib's hard-float libm itself is built with fused multiply-adds.)
    func testLibmArithmeticIsTheSameInHardAndSoftFloat() throws {
        func exactPart(_ s: String) -> String {
            s.split(separator: "\n").filter {
                $0.hasPrefix("  ") || $0.hasPrefix("libm: arithmetic") || $0.hasPrefix("libm: exact")
            }.joined(separator: "\n")
        }
        let hard = exactPart(try run("libm")), soft = exactPart(try run("libm_soft"))
        XCTAssertFalse(hard.isEmpty)
        XCTAssertTrue(hard == soft, "hard- and soft-float arithmetic differ: " + firstDifference(hard, soft))
    }

    func testPrintfFloatIsTheSameInHardAndSoftFloat() throws {
        for prefix in ["", "picolibc/"] {
            let hard = try run("\(prefix)printf_float"), soft = try run("\(prefix)printf_float_soft")
            XCTAssertTrue(hard == soft, "\(prefix)printf_float: " + firstDifference(hard, soft))
        }
    }

    /// dsp.c built for the host (plain-C kernels only) prints the checksums the firmware prints.
    func testDSPChecksumsEqualTheHostReference() throws {
        let firmware = try run("dsp")
        let hostPath = try TinyEmuProcess.firmware("host/dsp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hostPath)
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        func checksums(_ s: String) -> [Substring] { s.split(separator: "\n").filter { $0.contains(" checksum ") } }
        let host = checksums(String(decoding: data, as: UTF8.self))
        XCTAssertEqual(host.count, 6)
        XCTAssertEqual(checksums(firmware), host)
    }
}
