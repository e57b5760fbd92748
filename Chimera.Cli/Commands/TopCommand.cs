using System.CommandLine;
using Chimera.Client;

namespace Chimera.Cli.Commands;

internal static class TopCommand
{
    public static Command Create(CliGlobals globals)
    {
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes (default 2).", DefaultValueFactory = _ => 2.0 };
        interval.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value is < 0.1 or > 3600)
            {
                result.AddError("--interval must be 0.1-3600 seconds");
            }
        });
        var iterations = new Option<int>("--iterations") { Description = "Stop after N refreshes (default: until Ctrl+C).", DefaultValueFactory = _ => 0 };
        iterations.Validators.Add(result => CliArguments.RequireRange(result, "--iterations", 0, int.MaxValue));
        var top = new Option<int>("--top") { Description = "Rows shown (default 20).", DefaultValueFactory = _ => 20 };
        top.Validators.Add(result => CliArguments.RequireRange(result, "--top", 1, 1000));
        var command = new Command("top", "Polling view: counts by status and the first rows, refreshed until Ctrl+C (or --iterations). For every change as it happens, use watch.") { interval, iterations, top };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var limit = context.Parse.GetValue(iterations);
            var redraw = !context.Json && !Console.IsOutputRedirected && ReferenceEquals(context.Out, Console.Out);
            await foreach (var snapshot in client.TopAsync(TimeSpan.FromSeconds(context.Parse.GetValue(interval)), context.Parse.GetValue(top), ct).ConfigureAwait(false))
            {
                Render(context, snapshot, redraw);
                if (limit > 0 && snapshot.Sequence >= limit)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(CliContext context, RegistrySnapshot snapshot, bool redraw)
    {
        if (context.Json)
        {
            context.WriteJson(snapshot);
            return;
        }

        if (redraw)
        {
            Console.Clear();
        }

        context.Out.WriteLine($"chimera top #{snapshot.Sequence} at {TextTables.Time(snapshot.PolledAt)} (Ctrl+C to exit)");
        TextTables.WriteCounts(context.Out, snapshot.Counts);
        context.Out.WriteLine();
        TextTables.WriteSummaries(context.Out, snapshot.Rows);
        context.Out.Flush();
    }
}
