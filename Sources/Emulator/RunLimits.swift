/// When a run ends besides the firmware's own exit.
public struct RunLimits: Sendable {
    /// Virtual time limit in nanoseconds.
    public var timeoutNanoseconds: UInt64?
    /// Stop after exactly this many instructions.
    public var maxInstructions: UInt64?
    /// Success as soon as every one of these has matched the console output.
    public var expectOutput: [OutputPattern]
    /// Failure as soon as any of these matches.
    public var failOutput: [OutputPattern]

    public init(timeoutNanoseconds: UInt64? = nil, maxInstructions: UInt64? = nil,
                expectOutput: [OutputPattern] = [], failOutput: [OutputPattern] = []) {
        self.timeoutNanoseconds = timeoutNanoseconds
        self.maxInstructions = maxInstructions
        self.expectOutput = expectOutput
        self.failOutput = failOutput
    }
}

/// A regular expression matched against the console output.
public struct OutputPattern: @unchecked Sendable {
    public let source: String
    let regex: Regex<AnyRegexOutput>

    public init(_ source: String) throws {
        self.source = source
        regex = try Regex(source)
    }

    func matches(_ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }
}
