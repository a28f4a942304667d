using FiveHundreds.Ingest.Infrastructure.Entities;

namespace FiveHundreds.Ingest.Triage;

// A project with how many events it received and dropped today.
public sealed record ProjectToday(Project Project, long Received, long Dropped);
