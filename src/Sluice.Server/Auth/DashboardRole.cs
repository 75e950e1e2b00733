namespace Sluice.Server.Auth;

/// <summary>What a signed-in person may do on the dashboard: viewers read; operators also cancel, re-run, approve and roll back.</summary>
internal enum DashboardRole
{
    Viewer,
    Operator,
}
