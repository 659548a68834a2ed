/// A region of the target's address space that firmware may be loaded into (flash, RAM, ...).
public struct MemoryArea: Equatable, Sendable {
    public var name: String
    public var base: UInt32
    public var size: UInt32

    public init(name: String, base: UInt32, size: UInt32) {
        self.name = name
        self.base = base
        self.size = size
    }

    /// One past the last byte, widened so an area ending at 4 GiB is representable.
    var end: UInt64 { UInt64(base) + UInt64(size) }
}

extension FirmwareImage {
    /// Checks that every segment byte lies inside the given areas. A segment may span
    /// adjacent areas (e.g. two flash banks), but not a gap between or beyond them.
    /// Segment overlap is not checked here: loaders reject it when the image is read.
    public func validate(against areas: [MemoryArea]) throws(FirmwareError) {
        let covered = Self.mergedRanges(of: areas)
        for segment in segments where !segment.data.isEmpty {
            let start = UInt64(segment.address)
            let end = segment.endAddress
            guard let uncovered = Self.firstUncoveredAddress(from: start, to: end, in: covered) else { continue }
            let touchesAnyArea = covered.contains { $0.lowerBound < end && start < $0.upperBound }
            let placement = touchesAnyArea
                ? "extends outside the memory areas (first uncovered address \(AddressFormatting.hexWide(uncovered)))"
                : "lies outside every memory area"
            let range = AddressFormatting.range(start: start, count: UInt64(segment.data.count))
            throw FirmwareError(path: path, message: "segment \(range) \(placement); areas: \(Self.describe(areas))")
        }
    }

    /// Areas as sorted, coalesced half-open ranges.
    private static func mergedRanges(of areas: [MemoryArea]) -> [Range<UInt64>] {
        let ranges = areas.filter { $0.size > 0 }
            .map { UInt64($0.base)..<$0.end }
            .sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<UInt64>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The first address in [start, end) not inside `covered`, or nil if all are covered.
    private static func firstUncoveredAddress(from start: UInt64, to end: UInt64, in covered: [Range<UInt64>]) -> UInt64? {
        var position = start
        for range in covered where range.upperBound > position {
            guard range.lowerBound <= position else { return position }
            position = range.upperBound
            if position >= end { return nil }
        }
        return position < end ? position : nil
    }

    private static func describe(_ areas: [MemoryArea]) -> String {
        guard !areas.isEmpty else { return "none" }
        return areas.map { area in
            "\(area.name) \(AddressFormatting.range(start: UInt64(area.base), count: UInt64(area.size)))"
        }.joined(separator: ", ")
    }
}
