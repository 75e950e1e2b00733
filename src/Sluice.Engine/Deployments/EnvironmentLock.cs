namespace Sluice.Engine.Deployments;

/// <summary>A sticky lock (<c>sluice deploy lock ENV --reason</c>): every deployment to the environment is refused with the reason until unlocked.</summary>
internal sealed record EnvironmentLock(string Environment, string LockedBy, string Reason, DateTimeOffset LockedAt);
