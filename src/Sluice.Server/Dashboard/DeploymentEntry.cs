using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>One job that targeted an environment (<c>environment:</c> in its pipeline), in one run.</summary>
internal sealed record DeploymentEntry(string Repository, string Environment, RunRecord Run, JobRecord Job);
