namespace Sluice.Engine.Execution;

/// <summary>The <see cref="IStepGroupWatch"/> of hosts whose steps need no one else to clean up after them (<c>sluice run</c>, <c>serve</c>).</summary>
internal sealed class NoStepGroupWatch : IStepGroupWatch
{
    public static readonly NoStepGroupWatch Instance = new();

    private NoStepGroupWatch()
    {
    }

    public void Started(int groupId)
    {
    }

    public void Ended(int groupId)
    {
    }
}
