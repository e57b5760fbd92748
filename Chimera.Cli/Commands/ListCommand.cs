using System.CommandLine;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(CliGlobals globals)
    {
        var status = CliArguments.Status("--status", "Only influencers whose effective status is this.");
        var capability = new Option<string>("--capability") { Description = "Only influencers serving this capability (name:vN)." };
        capability.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && !Capability.TryParse(text, out _, out var error))
            {
                result.AddError(error);
            }
        });
        var limit = CliArguments.Limit(ListQuery.MaxLimit, 100);
        var after = new Option<string>("--after") { Description = "Page: start after this influencer id." };
        var command = new Command("list", "List registry rows, ordered by influencer id (a '*' marks a stale status).") { status, capability, limit, after };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var cap = context.Parse.GetValue(capability) is { } text ? Capability.Parse(text) : (Capability?)null;
            var query = new ListQuery(CliArguments.ParseStatus(context.Parse.GetValue(status)), cap, context.Parse.GetValue(limit), context.Parse.GetValue(after));
            var rows = await client.ListAsync(query, ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(rows);
            }
            else
            {
                TextTables.WriteSummaries(context.Out, rows);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
