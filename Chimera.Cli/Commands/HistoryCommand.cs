using System.CommandLine;
using Chimera.Contracts.Grains;

namespace Chimera.Cli.Commands;

internal static class HistoryCommand
{
    public static Command Create(CliGlobals globals)
    {
        var id = CliArguments.InfluencerId();
        var from = CliArguments.Time("--from", "Start of the range (ISO-8601 or -15m/-2h/-1d; default -7d).");
        var to = CliArguments.Time("--to", "End of the range, exclusive (default now).");
        var limit = CliArguments.Limit(AuditQuery.MaxLimit, 100);
        var command = new Command("history", "Audit rows of one influencer, newest first.") { id, from, to, limit };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var end = context.Parse.GetValue(to) ?? DateTimeOffset.UtcNow.AddSeconds(1);
            var start = context.Parse.GetValue(from) ?? end.AddDays(-7);
            var rows = await client.GetHistoryAsync(new AuditQuery(context.Parse.GetRequiredValue(id), start, end, context.Parse.GetValue(limit)), ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(rows);
            }
            else
            {
                TextTables.WriteAudit(context.Out, rows);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
