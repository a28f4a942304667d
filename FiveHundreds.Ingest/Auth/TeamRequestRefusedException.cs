namespace FiveHundreds.Ingest.Auth;

// A request about people, sessions, invites or assignment that cannot be done as asked; ProblemExceptionHandler
// answers it as problem+json with its status.
public sealed class TeamRequestRefusedException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;

    public static TeamRequestRefusedException Invalid(string detail) => new(StatusCodes.Status400BadRequest, "Invalid request", detail);

    public static TeamRequestRefusedException Unauthorized(string detail) => new(StatusCodes.Status401Unauthorized, "Sign-in refused", detail);

    public static TeamRequestRefusedException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static TeamRequestRefusedException NotFound(string detail) => new(StatusCodes.Status404NotFound, "Not found", detail);

    public static TeamRequestRefusedException Conflict(string detail) => new(StatusCodes.Status409Conflict, "Conflict", detail);
}
