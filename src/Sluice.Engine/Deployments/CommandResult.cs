namespace Sluice.Engine.Deployments;

/// <summary>How one of the user's deployment commands ended; <see cref="Problem"/> is null on success.</summary>
/// <param name="Message">What the command wrote as <c>message=...</c> to <c>$SLUICE_OUTPUT</c> (a check explains itself this way).</param>
internal sealed record CommandResult(string? Problem, string? Message)
{
    public bool Succeeded => Problem is null;
}
