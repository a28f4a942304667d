namespace FiveHundreds.TriageApi.Client;

// The two fields of an RFC 9457 problem answer that the client shows; the rest is not read.
internal sealed record ProblemAnswer(string? Title, string? Detail);
