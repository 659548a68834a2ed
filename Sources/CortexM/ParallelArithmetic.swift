/// The lane operations of the DSP parallel add/subtract family, numbered as the encoding's
/// op1 field.
enum ParallelOperation: UInt8 {
    case add8 = 0, add16 = 1, asx = 2, sub8 = 4, sub16 = 5, sax = 6
}

/// Prefixes: signed modulo (S, sets GE), signed saturating (Q), signed halving (SH), and their
/// unsigned counterparts U (sets GE), UQ, UH. Bit 2 is "unsigned", as in the encoding's op2.
enum ParallelPrefix: UInt8 {
    case s = 0, q = 1, sh = 2, u = 4, uq = 5, uh = 6
}

/// One parallel add/subtract: each lane is computed at full precision, then wrapped,
/// saturated or halved as the prefix says. S and U forms set GE (two bits per halfword lane).
func parallelAddSubtract(_ a: UInt32, _ b: UInt32, prefix rawPrefix: UInt8, operation rawOperation: UInt8,
                         ge: inout UInt8) -> UInt32 {
    guard let operation = ParallelOperation(rawValue: rawOperation),
          let prefix = ParallelPrefix(rawValue: rawPrefix) else { return 0 }
    let halfwords = operation == .add16 || operation == .sub16 || operation == .asx || operation == .sax
    let width: UInt32 = halfwords ? 16 : 8
    let laneCount = halfwords ? 2 : 4
    let unsigned = prefix.rawValue & 4 != 0
    let laneMask: UInt32 = (1 << width) - 1
    var result: UInt32 = 0
    var newGE: UInt8 = 0

    func lane(_ value: UInt32, _ index: Int) -> Int64 {
        let bits = (value >> (UInt32(index) * width)) & laneMask
        if unsigned { return Int64(bits) }
        return Int64(bits) - (bits >> (width - 1) != 0 ? Int64(1) << Int64(width) : 0)
    }

    for index in 0..<laneCount {
        let x = lane(a, index)
        let y: Int64
        let isAdd: Bool
        switch operation {
        case .add8, .add16: (y, isAdd) = (lane(b, index), true)
        case .sub8, .sub16: (y, isAdd) = (lane(b, index), false)
        case .asx: (y, isAdd) = (lane(b, 1 - index), index == 1)
        case .sax: (y, isAdd) = (lane(b, 1 - index), index == 0)
        }
        let exact = isAdd ? x + y : x - y
        let value: Int64
        var geSet = false
        switch prefix {
        case .s:
            value = exact
            geSet = exact >= 0
        case .u:
            value = exact
            geSet = isAdd ? exact >= Int64(1) << Int64(width) : exact >= 0
        case .q:
            let limit = Int64(1) << Int64(width - 1)
            value = min(max(exact, -limit), limit - 1)
        case .uq:
            value = min(max(exact, 0), (Int64(1) << Int64(width)) - 1)
        case .sh, .uh:
            value = exact >> 1
        }
        result |= (UInt32(truncatingIfNeeded: value) & laneMask) << (UInt32(index) * width)
        if geSet { newGE |= halfwords ? UInt8(3) << UInt8(index * 2) : UInt8(1) << UInt8(index) }
    }
    if prefix == .s || prefix == .u { ge = newGE }
    return result
}
