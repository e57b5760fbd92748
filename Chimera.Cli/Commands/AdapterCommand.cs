using System.CommandLine;
using Chimera.Adapters;
using Chimera.Adapters.Sidecar;

namespace Chimera.Cli.Commands;

internal static class AdapterCommand
{
    public static Command Create(CliGlobals globals)
    {
        var influencer = CliArguments.InfluencerOption();
        var listen = new Option<string>("--listen") { Description = "Loopback address for the worker, host:port (default 127.0.0.1:7300).", DefaultValueFactory = _ => "127.0.0.1:7300" };
        listen.Validators.Add(result =>
        {
            try
            {
                StatusSidecar.ParseListen(result.GetValueOrDefault<string>() ?? "");
            }
            catch (FormatException ex)
            {
                result.AddError($"--listen: {ex.Message}");
            }
        });
        var conservative = new Option<bool>("--conservative") { Description = "Rate-limited network: heartbeat every 2 min whatever the relevance." };
        var buffer = new Option<int>("--buffer") { Description = $"Events kept while the transport fails (default {StatusAdapterOptions.DefaultBufferCapacity}).", DefaultValueFactory = _ => StatusAdapterOptions.DefaultBufferCapacity };
        buffer.Validators.Add(result => CliArguments.RequireRange(result, "--buffer", 1, 1_000_000));
        var transport = new TransportOptions(globals.Environment);
        var keys = new KeyOptions(globals.Environment);
        var serve = new Command("serve", "Run the sidecar: workers POST status JSON to http://<listen>/status; GET /health. Emits offline on Ctrl+C.")
        {
            influencer, listen, conservative, buffer,
        };
        keys.AddTo(serve);
        transport.AddTo(serve);
        serve.SetAction((parse, cancellationToken) => CliRunner.RunAsync(parse, globals, async (context, ct) =>
        {
            var influencerId = parse.GetRequiredValue(influencer);
            var endpoint = StatusSidecar.ParseListen(parse.GetRequiredValue(listen));
            var key = keys.Load(parse, influencerId);
            var (sender, owner) = await transport.CreateAsync(context, ct).ConfigureAwait(false);
            await using var ownerScope = owner.ConfigureAwait(false);
            var adapter = new StatusAdapter(
                new StatusAdapterOptions { InfluencerId = influencerId, Conservative = parse.GetValue(conservative), BufferCapacity = parse.GetValue(buffer) },
                key,
                sender);
            await using (adapter.ConfigureAwait(false))
            {
                var sidecar = new StatusSidecar(adapter, endpoint);
                await using (sidecar.ConfigureAwait(false))
                {
                    sidecar.Start();
                    if (context.Json)
                    {
                        context.WriteJson(new { listening = sidecar.Prefix.ToString(), influencer_id = influencerId });
                    }
                    else
                    {
                        context.Out.WriteLine($"adapter for {influencerId} listening on {sidecar.Prefix} (POST /status, GET /health); Ctrl+C to stop");
                    }

                    context.Out.Flush();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        // Ctrl+C: fall through to a graceful stop, which publishes offline.
                    }
                }

                using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await adapter.StopAsync(stopTimeout.Token).ConfigureAwait(false);
                if (adapter.DroppedChanges > 0)
                {
                    return context.Fail(ExitCodes.Unreachable, $"stopped with {adapter.DroppedChanges} status change(s) undelivered");
                }
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return new Command("adapter", "Adapter sidecar commands.") { serve };
    }
}
