#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A binary file written in chunks through stdio's buffer (for `--uart-log`).
public final class ByteFile {
    private let file: UnsafeMutablePointer<FILE>

    public init?(path: String) {
        guard let file = fopen(path, "wb") else { return nil }
        self.file = file
    }

    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in _ = fwrite(buffer.baseAddress, 1, buffer.count, file) }
    }

    public func close() { fclose(file) }
}
