namespace FiveHundreds.Ingest.Intake;

public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    // Measured after decompression, so a small gzip bomb is cut off too.
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public int MaxJsonDepth { get; set; } = 64;

    public int MaxStringLength { get; set; } = 16 * 1024;

    public int MaxFrames { get; set; } = 250;

    public int MaxChainLength { get; set; } = 20;

    // Events per minute per project unless the project sets its own.
    public int DefaultRateLimitPerMinute { get; set; } = 6000;

    // How many events one database transaction commits at most (group commit).
    public int MaxBatchSize { get; set; } = 256;

    public List<string> ExtraScrubbedNames { get; set; } = [];
}
