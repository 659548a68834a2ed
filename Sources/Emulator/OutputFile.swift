#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written in chunks or lines through stdio's buffer (`--uart-log`, `--trace-mmio`).
public final class OutputFile {
    private let file: UnsafeMutablePointer<FILE>

    public init?(path: String) {
        guard let file = fopen(path, "wb") else { return nil }
        self.file = file
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, file) }
    }

    /// Writes `line` and a newline.
    public func write(line: String) {
        fputs(line, file)
        fputc(0x0A, file)
    }

    public func close() { fclose(file) }
}
