using System.CommandLine;
using Chimera.Contracts.Grains;

namespace Chimera.Cli.Commands;

internal static class CountsCommand
{
    public static Command Create(CliGlobals globals)
    {
        var from = CliArguments.Time("--from", "With --from/--to: count audited status changes in the range instead of the live registry.");
        var to = CliArguments.Time("--to", "End of the audit range, exclusive (default now).");
        var command = new Command("counts", "Live registry counts by status and capability; with --from/--to, audited status changes by new status.") { from, to };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var start = context.Parse.GetValue(from);
            var end = context.Parse.GetValue(to);
            if (start is null && end is null)
            {
                var counts = await client.GetCountsAsync(ct).ConfigureAwait(false);
                if (context.Json)
                {
                    context.WriteJson(counts);
                }
                else
                {
                    TextTables.WriteCounts(context.Out, counts);
                }

                return ExitCodes.Ok;
            }

            var rangeEnd = end ?? DateTimeOffset.UtcNow.AddSeconds(1);
            var rangeStart = start ?? rangeEnd.AddDays(-1);
            var changes = await client.CountByStatusAsync(new StatusCountsQuery(rangeStart, rangeEnd), ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(new { from = rangeStart, to = rangeEnd, by_status = changes });
            }
            else
            {
                context.Out.WriteLine($"status changes from {TextTables.Time(rangeStart)} to {TextTables.Time(rangeEnd)}:");
                foreach (var (status, count) in changes.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    context.Out.WriteLine($"  {status,-12} {count}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
