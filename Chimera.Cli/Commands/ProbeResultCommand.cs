using System.CommandLine;

namespace Chimera.Cli.Commands;

internal static class ProbeResultCommand
{
    public static Command Create(CliGlobals globals)
    {
        var id = CliArguments.InfluencerId();
        var probeId = new Argument<string>("probe-id") { Description = "The probe id route printed when it scheduled the probe." };
        var passed = new Option<bool>("--passed") { Description = "The probe task was done correctly." };
        var failed = new Option<bool>("--failed") { Description = "The probe task failed." };
        var detail = new Option<string>("--detail") { Description = "What happened (audited)." };
        var command = new Command("probe-result", "Report a probe's outcome (moves trust_score). Exit 1 when the probe is not pending.") { id, probeId, passed, failed, detail };
        command.Validators.Add(result =>
        {
            if (result.GetValue(passed) == result.GetValue(failed))
            {
                result.AddError("give exactly one of --passed or --failed");
            }
        });
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var view = await client.ReportProbeResultAsync(
                context.Parse.GetRequiredValue(id),
                context.Parse.GetRequiredValue(probeId),
                context.Parse.GetValue(passed),
                context.Parse.GetValue(detail),
                ct).ConfigureAwait(false);
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
