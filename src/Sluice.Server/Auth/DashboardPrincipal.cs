namespace Sluice.Server.Auth;

/// <summary>Who is signed in to the dashboard, and how (<c>password</c> or <c>token</c>).</summary>
internal sealed record DashboardPrincipal(string Name, DashboardRole Role, string Via)
{
    public bool IsOperator => Role == DashboardRole.Operator;

    /// <summary>How actions are attributed in the queue and the history (<c>dashboard:alice</c>).</summary>
    public string Actor => "dashboard:" + Name;
}
