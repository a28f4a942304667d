using FiveHundreds.Ingest.Triage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FiveHundreds.Ingest.Apis;

// The triage API's own refusals, as problem+json.
internal static class ApiProblems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    // A search that could not be read: the detail says where and why, and "position" (counted from 1) points
    // at the character, for a caller that marks it.
    public static ProblemHttpResult BadQuery(IssueSearchError error) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid search query", detail: error.ToString(),
            extensions: new Dictionary<string, object?> { ["position"] = error.Position });

    // Also the answer for what exists but belongs to a project the token may not see, so it cannot be probed.
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);
}
