using System.CommandLine;
using System.CommandLine.Invocation;
using Chimera.Cli.Commands;

namespace Chimera.Cli;

/// <summary>The command tree and the entry point (kept apart from Program.cs so tests can run it in-process).</summary>
internal static class ChimeraCli
{
    public static RootCommand Build(Func<string, string?>? environment = null)
    {
        var globals = new CliGlobals(environment ?? Environment.GetEnvironmentVariable);
        var root = new RootCommand(
            "chimera: read and drive a Chimera cluster (influencer status registry).\n"
            + "Cluster: localhost:30000 by default, --gateway host:port (repeatable) or --postgres <conn> (AdoNet membership).\n"
            + $"Environment (used when no option says otherwise): {CliSecrets.GatewayVariable}=host:port[,...], {CliSecrets.PostgresVariable} or {CliSecrets.PostgresVariable}{CliSecrets.FileSuffix}=<file>,\n"
            + $"  {CliSecrets.RedisVariable} or {CliSecrets.RedisVariable}{CliSecrets.FileSuffix}=<file> (for --via redis). Secrets never go on the command line: connection strings with a password\n"
            + "  are refused there, and adapter secrets come from --secret-env VAR or --secret-file PATH.\n"
            + ExitCodes.HelpText);
        globals.AddTo(root);
        root.Subcommands.Add(StatusCommand.Create(globals));
        root.Subcommands.Add(ListCommand.Create(globals));
        root.Subcommands.Add(RouteCommand.Create(globals));
        root.Subcommands.Add(ProbeResultCommand.Create(globals));
        root.Subcommands.Add(HistoryCommand.Create(globals));
        root.Subcommands.Add(AsOfCommand.Create(globals));
        root.Subcommands.Add(CountsCommand.Create(globals));
        root.Subcommands.Add(PublishCommand.Create(globals));
        root.Subcommands.Add(WatchCommand.Create(globals));
        root.Subcommands.Add(TopCommand.Create(globals));
        root.Subcommands.Add(AdapterCommand.Create(globals));
        return root;
    }

    /// <summary>Runs the CLI; <paramref name="environment"/> reads environment variables (the process's by default).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default, Func<string, string?>? environment = null)
    {
        var parse = Build(environment).Parse(args);

        // Usage errors are one line on stderr with exit 2 (the library's default prints help and exits 1).
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            await error.WriteLineAsync($"chimera: {string.Join("; ", parse.Errors.Select(e => e.Message))} (see chimera --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
