using Sluice.Server.Auth;

namespace Sluice.Server.Dashboard;

/// <summary>What every page needs besides its data: who is looking, the session's anti-forgery token, and now.</summary>
internal sealed record PageContext(DashboardPrincipal? Principal, string AntiForgery, DateTimeOffset Now)
{
    public bool IsOperator => Principal?.IsOperator == true;

    /// <summary>The hidden anti-forgery field every action form carries.</summary>
    public HtmlRaw Field => new Html().Add($"<input type=\"hidden\" name=\"{DashboardAuth.AntiForgeryField}\" value=\"{AntiForgery}\">").ToRaw();
}
