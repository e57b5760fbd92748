using System.CommandLine;
using Chimera.Client;
using Chimera.Adapters;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;

namespace Chimera.Cli.Commands;

internal static class PublishCommand
{
    public static Command Create(CliGlobals globals)
    {
        var influencer = CliArguments.InfluencerOption();
        var status = CliArguments.Status("--status", "The status to publish.", required: true);
        var capabilities = CliArguments.Capabilities(required: false, "A capability, name:vN (repeatable).");
        var load = CliArguments.Unit("--load", "Load 0-1 (default 0).");
        var confidence = CliArguments.Unit("--confidence", "Confidence 0-1 (default 1).");
        var relevance = CliArguments.Unit("--relevance", "relevance_score 0-1 (default 0.5).");
        var task = new Option<string>("--task") { Description = "current_task summary." };
        var traceId = new Option<string>("--trace-id") { Description = "trace_id for correlation." };
        var transport = new TransportOptions(globals.Environment);
        var keys = new KeyOptions(globals.Environment);
        var command = new Command("publish", "Act as a development adapter: sign and publish one status event. Exit 4 with the violations when the silo rejects it.")
        {
            influencer, status, capabilities, load, confidence, relevance, task, traceId,
        };
        keys.AddTo(command);
        transport.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, globals, async (context, ct) =>
        {
            var influencerId = parse.GetRequiredValue(influencer);
            var report = new StatusReport(
                CliArguments.ParseStatus(parse.GetRequiredValue(status))!.Value,
                CliArguments.ParseCapabilities(parse.GetValue(capabilities)),
                parse.GetValue(task),
                parse.GetValue(load) ?? 0.0,
                parse.GetValue(confidence) ?? 1.0,
                parse.GetValue(relevance) ?? 0.5,
                parse.GetValue(traceId));
            if (transport.UsesRedis(parse))
            {
                // A password on the command line is refused before anything else is said about this command.
                _ = transport.ResolveRedis(parse);
            }

            var key = keys.Load(parse, influencerId);
            if (transport.UsesRedis(parse) && key.AdapterId == DevelopmentKeys.AdapterId && key.KeyId == DevelopmentKeys.KeyId)
            {
                // A silo that reads Redis runs with real servers and never trusts the public development key: the event
                // would be dead-lettered (unknown_adapter) after this command reported success. Refuse up front instead.
                return context.Fail(ExitCodes.Usage, "--via redis needs an adapter key from the silos' keyring (--adapter-id, --key-id and --secret-env or --secret-file): "
                    + "silos that read Redis refuse the public development key and would dead-letter this event as unknown_adapter");
            }

            // Built and checked before connecting, so a bad event is a usage error even with no cluster up.
            var (entry, value) = SignedEventFactory.Create(influencerId, report, DateTimeOffset.UtcNow, key, RatifiedSpecs.Embedded());
            var (sender, owner) = await transport.CreateAsync(context, ct).ConfigureAwait(false);
            await using (owner.ConfigureAwait(false))
            {
                // Both transports throw StatusRejectedException (ingest grain) or an I/O error (Redis down).
                try
                {
                    await sender.PublishAsync(entry, influencerId, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
                {
                    throw new ChimeraUnavailableException($"Redis did not take the entry: {ex.Message}", ex);
                }
            }

            // Through Orleans the ingest grain checked the event before answering; through Redis nobody has yet: the silo
            // verifies it when it reads the partition, so say "written", never "accepted".
            var redis = transport.UsesRedis(parse);
            if (context.Json)
            {
                context.WriteJson(new { accepted = !redis, written = true, via = parse.GetValue(transport.Via), event_id = value.EventId, influencer_id = influencerId, status = value.Status, timestamp = value.Timestamp });
            }
            else if (redis)
            {
                context.Out.WriteLine($"written {value.EventId} ({influencerId} {value.Status.ToWire()}) to Redis; the silo verifies it when it reads it (see `chimera watch --influencer {influencerId}` or `chimera status {influencerId}`)");
            }
            else
            {
                context.Out.WriteLine($"published {value.EventId} ({influencerId} {value.Status.ToWire()}); accepted by the silo");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
