namespace FiveHundreds.Ingest.Intake;

// Counts every intake request that ends in a refusal, by reason: on the ingest meter, and against the project
// the request was found to belong to (IntakeProjectFeature), in the day's drop counts the Projects page shows.
// The refusal itself is answered by ProblemExceptionHandler.
public sealed class DroppedEventFilter(IntakeRefusals refusals) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex)
        {
            refusals.Count(context.HttpContext, ex);
            throw;
        }
    }
}

// Set on an intake request once its key named a project.
public sealed record IntakeProjectFeature(Guid ProjectId);

public sealed class IntakeRefusals(IngestTelemetry telemetry, DropCounter drops)
{
    public void Count(HttpContext context, Exception refusal)
    {
        telemetry.Dropped(refusal);
        if (context.Features.Get<IntakeProjectFeature>() is { } project)
        {
            drops.Record(project.ProjectId, DropReasons.Of(refusal));
        }
    }
}
