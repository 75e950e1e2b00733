using System.Collections.Concurrent;

namespace Sluice.Server.Auth;

/// <summary>
/// Slows password and token guessing: after <see cref="MaxFailures"/> failed sign-ins from one address within
/// <see cref="Window"/>, further attempts from it are refused until the window has passed. In memory: a restart forgets.
/// </summary>
internal sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (int Count, DateTimeOffset Since)> failures = new(StringComparer.Ordinal);

    public bool IsBlocked(string address) =>
        failures.TryGetValue(address, out var f) && f.Count >= MaxFailures && time.GetUtcNow() - f.Since < Window;

    public void Failed(string address)
    {
        var now = time.GetUtcNow();
        failures.AddOrUpdate(address, _ => (1, now), (_, f) => now - f.Since >= Window ? (1, now) : (f.Count + 1, f.Since));
    }

    public void Succeeded(string address) => failures.TryRemove(address, out _);
}
