using System.CommandLine;
using Sluice.Cli.Terminal;
using Sluice.Server.Config;
using Sluice.Server.Hosting;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice serve</c>: the webhook server (see docs/server.md). Runs until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create(TimeProvider time)
    {
        var config = new Option<string?>("--config", "-c") { Description = "The server configuration file (sluice.yml); environment variables override it" };
        var listen = new Option<string?>("--listen") { Description = "Address to listen on, e.g. http://127.0.0.1:8080 (port 0 picks a free port)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the database, mirrors and workspaces live" };
        var database = new Option<string?>("--database")
        {
            Description = "The server's database: postgres://… or Host=… (several servers may share it) or a SQLite path; default SLUICE_DATABASE, else sluice.db in the data dir",
        };
        var paused = new Option<bool>("--paused") { Description = "Accept webhook deliveries into the inbox but do not process them (maintenance)" };
        var command = new Command("serve", "Run the Sluice server: GitHub webhooks in, runs queued durably and executed, results reported on GitHub.");
        foreach (var option in new Option[] { config, listen, dataDir, database, paused })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var output = r.InvocationConfiguration.Output;
            var error = r.InvocationConfiguration.Error;
            var loaded = ConfigLoader.Load(r.GetValue(config), Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());
            if (!loaded.Ok)
            {
                foreach (var problem in loaded.Errors)
                {
                    await error.WriteLineAsync($"sluice serve: {problem}");
                }

                return ExitCodes.Usage;
            }

            var databaseErrors = new List<string>();
            var location = ConfigLoader.ReadDatabase(r.GetValue(database), Directory.GetCurrentDirectory(), databaseErrors);
            if (databaseErrors.Count > 0)
            {
                await error.WriteLineAsync($"sluice serve: --{databaseErrors[0]}");
                return ExitCodes.Usage;
            }

            var settings = loaded.Config! with
            {
                Listen = r.GetValue(listen) ?? loaded.Config!.Listen,
                DataDir = r.GetValue(dataDir) is { } dir ? Path.GetFullPath(dir) : loaded.Config!.DataDir,
                Paused = loaded.Config!.Paused || r.GetValue(paused),
                Database = location ?? loaded.Config!.Database,
            };
            using var signals = new StopSignals(ct);
            ct = signals.Token;
            await using var server = await SluiceServer.StartAsync(settings, new ServerOptions(time), ct);
            await output.WriteLineAsync($"sluice serve: listening on {server.Address} ({settings})");
            await output.FlushAsync(ct);
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                await output.WriteLineAsync("sluice serve: stopping (runs in progress resume at the next start)");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
