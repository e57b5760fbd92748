using System.CommandLine;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Cli.Commands;

internal static class RouteCommand
{
    public static Command Create(CliGlobals globals)
    {
        var capabilities = CliArguments.Capabilities(required: false, "A required capability, name:vN (repeatable; all must be served; none: every eligible influencer matches, spec §5).");
        var cost = new Option<string>("--cost") { Description = "Task cost: low or high (high never goes to an unverified influencer).", DefaultValueFactory = _ => "low" };
        cost.AcceptOnlyFromAmong("low", "high");
        var count = new Option<int>("--count") { Description = $"Candidates wanted, 1-{RouteRequest.MaxCount} (default 1).", DefaultValueFactory = _ => 1 };
        count.Validators.Add(result => CliArguments.RequireRange(result, "--count", 1, RouteRequest.MaxCount));
        var command = new Command("route", "Rank candidates for a task (spec §5). Exit 1 when nobody matches.") { capabilities, cost, count };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var request = new RouteRequest(
                CliArguments.ParseCapabilities(context.Parse.GetValue(capabilities)),
                context.Parse.GetValue(cost) == "high" ? CostClass.High : CostClass.Low,
                context.Parse.GetValue(count));
            var result = await client.RouteAsync(request, ct).ConfigureAwait(false);
            if (context.Json)
            {
                context.WriteJson(result);
            }
            else
            {
                context.Out.WriteLine($"matched {result.Matched}; {result.Candidates.Count} candidate(s)");
                foreach (var candidate in result.Candidates)
                {
                    context.Out.WriteLine($"  {candidate.InfluencerId,-24} {candidate.Status.ToWire(),-8} score {TextTables.Num(candidate.Score)} load {TextTables.Num(candidate.Load)} conf {TextTables.Num(candidate.Confidence)}");
                }

                foreach (var probe in result.ProbesScheduled)
                {
                    context.Out.WriteLine($"  probe scheduled: {probe.ProbeId} for {probe.InfluencerId} ({probe.Reason})");
                }

                foreach (var passed in result.PassedOver)
                {
                    context.Out.WriteLine($"  passed over: {passed.InfluencerId,-24} {passed.Reason}");
                }

                if (result.Candidates.Count == request.Count)
                {
                    context.Out.WriteLine("  (the walk stops at --count: lower-ranked matches were not examined)");
                }
            }

            return result.Candidates.Count == 0 ? ExitCodes.NotFound : ExitCodes.Ok;
        });
        return command;
    }
}
