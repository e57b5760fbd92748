using System.CommandLine;
using System.Globalization;
using Chimera.Client;
using Chimera.Contracts.Grains;
using Chimera.Contracts.Model;

namespace Chimera.Cli.Commands;

/// <summary>
/// <c>chimera watch</c>: the revisioned change stream (spec §12), one change per line (or one JSON document per line
/// with --json), from --from or from now, until Ctrl+C or --count. Reconnects by itself and resumes after the last
/// revision it printed, so a pipeline that restarts with <c>--from &lt;last revision&gt;</c> misses nothing.
/// </summary>
internal static class WatchCommand
{
    public static Command Create(CliGlobals globals)
    {
        var from = new Option<string>("--from")
        {
            Description = "Print changes after this revision: a number (0 = everything recorded) or 'now' (default).",
            DefaultValueFactory = _ => "now",
        };
        from.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (text != "now" && !(long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision >= 0))
            {
                result.AddError($"--from must be a revision (0 or more) or 'now', not '{text}'");
            }
        });
        var influencers = new Option<string[]>("--influencer") { Description = "Only this influencer (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        influencers.Validators.Add(result =>
        {
            foreach (var id in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ChimeraArguments.InfluencerIdError(id) is { } error)
                {
                    result.AddError(error);
                }
            }
        });
        var kinds = new Option<string[]>("--kind") { Description = "Only this kind: status_change, stale_detected, probe_scheduled, probe_result (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        kinds.AcceptOnlyFromAmong([.. Enum.GetValues<AuditKind>().Select(k => k.ToWire())]);
        var statuses = new Option<string[]>("--status") { Description = "Only changes to this status (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        statuses.AcceptOnlyFromAmong([.. Enum.GetValues<InfluencerStatus>().Select(s => s.ToWire())]);
        var capability = new Option<string>("--capability") { Description = "Only rows whose capabilities include this name (name or name:vN; any version matches)." };
        capability.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && (text.Length is 0 or > 64 || text.Any(char.IsWhiteSpace)))
            {
                result.AddError("--capability must be a capability name such as video-gen (1-64 characters, no spaces)");
            }
        });
        var count = new Option<int>("--count") { Description = "Stop after this many changes (default: until Ctrl+C).", DefaultValueFactory = _ => 0 };
        count.Validators.Add(result => CliArguments.RequireRange(result, "--count", 0, int.MaxValue));
        var command = new Command("watch", "Stream every change (status changes, stale detections, probes) in revision order; resumes after a reconnect with no gap and no duplicate.")
        {
            from, influencers, kinds, statuses, capability, count,
        };
        CliRunner.SetConnectedAction(command, globals, async (context, client, ct) =>
        {
            var parse = context.Parse;
            var start = parse.GetValue(from) is "now" or null ? WatchFrom.Now : long.Parse(parse.GetValue(from)!, CultureInfo.InvariantCulture);
            var capabilityName = parse.GetValue(capability) is { } text ? text.Split(':')[0] : null;
            var filter = new ChangeFilter
            {
                InfluencerIds = parse.GetValue(influencers) is { Length: > 0 } ids ? ids : null,
                Kinds = parse.GetValue(kinds) is { Length: > 0 } k ? [.. k.Select(Kind)] : null,
                Statuses = parse.GetValue(statuses) is { Length: > 0 } s ? [.. s.Select(v => CliArguments.ParseStatus(v)!.Value)] : null,
                CapabilityName = capabilityName,
            };
            var limit = parse.GetValue(count);
            if (!context.Json)
            {
                context.Error.WriteLine($"chimera watch: from {(start == WatchFrom.Now ? "now" : $"after revision {start}")} (Ctrl+C to stop)");
                context.Out.WriteLine($"{"REVISION",8} {"RECORDED AT",-25} {"KIND",-16} {"INFLUENCER",-24} {"STATUS",-24} DETAIL");
            }

            var printed = 0;
            await foreach (var change in client.WatchAsync(start, filter, ct).ConfigureAwait(false))
            {
                if (context.Json)
                {
                    context.WriteJson(change);
                }
                else
                {
                    TextTables.WriteChange(context.Out, change);
                }

                context.Out.Flush();
                if (limit > 0 && ++printed >= limit)
                {
                    break;
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static AuditKind Kind(string text) =>
        AuditKindNames.TryParse(text, out var kind) ? kind : throw new FormatException($"'{text}' is not an audit kind");
}
