extension FirmwareLoader {
    /// Wraps a raw binary image as a single segment starting at `at`.
    public static func loadBinary(bytes: [UInt8], path: String, at address: UInt32) throws(FirmwareError) -> FirmwareImage {
        guard !bytes.isEmpty else {
            throw FirmwareError(path: path, message: "empty file")
        }
        let end = UInt64(address) + UInt64(bytes.count)
        guard end <= ELFConstants.addressSpaceSize else {
            throw FirmwareError(
                path: path,
                message: "image of \(bytes.count) bytes at \(AddressFormatting.hex32(address)) extends past the 4 GiB address space"
            )
        }
        return FirmwareImage(
            path: path,
            format: .binary,
            segments: [FirmwareSegment(address: address, data: bytes)]
        )
    }
}
