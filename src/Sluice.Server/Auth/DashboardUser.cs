namespace Sluice.Server.Auth;

/// <summary>One line of the users file: a name, a role and a PBKDF2 hash (see <see cref="PasswordHash"/>).</summary>
internal sealed record DashboardUser(string Name, DashboardRole Role, string PasswordHash);
