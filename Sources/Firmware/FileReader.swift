#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads whole files with POSIX calls so failures can be reported with the system's own
/// reason ("No such file or directory") rather than a generic one.
enum FileReader {
    static func readAll(path: String) throws(FirmwareError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw cannotRead(path, errorNumber: errno) }
        defer { _ = close(descriptor) }

        var contents: [UInt8] = []
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_size > 0, let expected = Int(exactly: info.st_size) {
            contents.reserveCapacity(expected)
        }

        // Read in large chunks; the reservation above makes the appends copy-free for regular files.
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                let errorNumber = errno
                if errorNumber == EINTR { continue }
                throw cannotRead(path, errorNumber: errorNumber)
            }
            if count == 0 { break }
            contents.append(contentsOf: chunk[0..<count])
        }
        return contents
    }

    private static func cannotRead(_ path: String, errorNumber: Int32) -> FirmwareError {
        let reason = strerror(errorNumber).map { String(cString: $0) } ?? "error \(errorNumber)"
        return FirmwareError(path: path, message: "cannot read file (\(reason))")
    }
}
