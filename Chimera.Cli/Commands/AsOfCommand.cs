using System.CommandLine;

namespace Chimera.Cli.Commands;

internal static class AsOfCommand
{
    public static Command Create(CliGlobals globals)
    {
        var id = CliArguments.InfluencerId();
        var time = CliArguments.TimeArgument("time", "The instant (ISO-8601, or -15m/-2h/-1d/now).");
        var command = new Command("as-of", "The audited status of an influencer at a point in time. Exit 1 when there is none.") { id, time };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var influencerId = context.Parse.GetRequiredValue(id);
            var at = context.Parse.GetRequiredValue(time);
            var record = await client.GetStatusAsOfAsync(influencerId, at, ct).ConfigureAwait(false);
            if (record is null)
            {
                return context.Fail(ExitCodes.NotFound, $"no audited status for '{influencerId}' at or before {TextTables.Time(at)}");
            }

            if (context.Json)
            {
                context.WriteJson(record);
            }
            else
            {
                TextTables.WriteAudit(context.Out, [record]);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
