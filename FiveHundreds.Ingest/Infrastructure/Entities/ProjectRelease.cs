namespace FiveHundreds.Ingest.Infrastructure.Entities;

// Every release a project's events have named, with when the intake first received one: the order of releases
// that no version scheme orders (see ReleaseOrder).
public sealed class ProjectRelease
{
    public Guid ProjectId { get; set; }

    public required string Version { get; set; }

    public DateTimeOffset FirstSeen { get; set; }
}
