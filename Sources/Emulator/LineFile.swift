#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A text file written line by line through stdio's buffer (for `--trace-mmio`).
public final class LineFile {
    private let file: UnsafeMutablePointer<FILE>

    public init?(path: String) {
        guard let file = fopen(path, "w") else { return nil }
        self.file = file
    }

    public func write(_ line: String) {
        fputs(line, file)
        fputc(0x0A, file)
    }

    public func close() { fclose(file) }
}
