using System.ComponentModel.DataAnnotations;

namespace FiveHundreds.Ingest.Intake;

// Every bound must be at least 1, checked at start rather than found out when the first event arrives.
public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    // Measured after decompression, so a small gzip bomb is cut off too.
    [Range(1, int.MaxValue)]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxJsonDepth { get; set; } = 64;

    [Range(1, int.MaxValue)]
    public int MaxStringLength { get; set; } = 16 * 1024;

    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 250;

    [Range(1, int.MaxValue)]
    public int MaxChainLength { get; set; } = 20;

    // Events per minute per project unless the project sets its own.
    [Range(1, int.MaxValue)]
    public int DefaultRateLimitPerMinute { get; set; } = 6000;

    // How many events one database transaction commits at most (group commit).
    [Range(1, int.MaxValue)]
    public int MaxBatchSize { get; set; } = 256;

    public List<string> ExtraScrubbedNames { get; set; } = [];
}
