using System.CommandLine;

namespace Chimera.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliGlobals globals)
    {
        var id = CliArguments.InfluencerId();
        var command = new Command("status", "Show one influencer's live status (staleness applied). Exit 1 when unknown.") { id };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var influencerId = context.Parse.GetRequiredValue(id);
            var view = await client.GetStatusAsync(influencerId, ct).ConfigureAwait(false);
            if (view is null)
            {
                return context.Fail(ExitCodes.NotFound, $"influencer '{influencerId}' is not known to the cluster");
            }

            if (context.Json)
            {
                context.WriteJson(view);
            }
            else
            {
                TextTables.WriteView(context.Out, view);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
