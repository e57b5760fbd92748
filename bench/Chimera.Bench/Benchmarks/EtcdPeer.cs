using System.Diagnostics;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// The same heartbeat workload through etcd, the peer a user would pick instead (issue 11 §5): one lease per agent
/// (granted with its first event, 60 s TTL), PUT with the lease on every change (the event JSON as value, ~465 bytes),
/// a KeepAlive on every heartbeat. <see cref="Workers"/> concurrent clients, each owning whole agents so one agent's
/// operations stay in order (as one adapter per agent would), over <see cref="Channels"/> gRPC connections.
/// </summary>
internal static class EtcdPeer
{
    public const int Workers = 64;

    public const int Channels = 4;

    public static async Task<EtcdOutcome> RunAsync(EtcdServer etcd, IngestWorkload workload)
    {
        var channels = Enumerable.Range(0, Channels).Select(_ => GrpcChannel.ForAddress(etcd.Url)).ToArray();
        try
        {
            var slices = Enumerable.Range(0, Workers).Select(_ => new List<int>()).ToArray();
            var owner = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < workload.Entries.Length; i++)
            {
                var id = workload.Entries[i].InfluencerId;
                if (!owner.TryGetValue(id, out var w))
                {
                    owner[id] = w = owner.Count % Workers;
                }

                slices[w].Add(i);
            }

            var startCpu = etcd.Process.TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            var counts = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(() => DriveAsync(channels[w % Channels], workload, slices[w]))));
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            etcd.Process.Refresh();
            var cpu = (etcd.Process.TotalProcessorTime - startCpu).TotalSeconds;
            return new EtcdOutcome(workload.Entries.Length, elapsed, counts.Sum(c => c.Grants), counts.Sum(c => c.Puts), counts.Sum(c => c.KeepAlives), cpu);
        }
        finally
        {
            foreach (var channel in channels)
            {
                channel.Dispose();
            }
        }
    }

    private static async Task<(long Grants, long Puts, long KeepAlives)> DriveAsync(GrpcChannel channel, IngestWorkload workload, List<int> slice)
    {
        var kv = new KV.KVClient(channel);
        var leases = new Lease.LeaseClient(channel);
        var granted = new Dictionary<string, long>(StringComparer.Ordinal);
        using var keepAlive = leases.LeaseKeepAlive();
        long grants = 0, puts = 0, keepAlives = 0;
        foreach (var i in slice)
        {
            var entry = workload.Entries[i];
            if (!granted.TryGetValue(entry.InfluencerId, out var lease))
            {
                lease = (await leases.LeaseGrantAsync(new LeaseGrantRequest { TTL = 60 })).ID;
                granted[entry.InfluencerId] = lease;
                grants++;
            }

            if (workload.IsChange[i])
            {
                await kv.PutAsync(new PutRequest
                {
                    Key = ByteString.CopyFromUtf8("/chimera/influencers/" + entry.InfluencerId),
                    Value = ByteString.CopyFrom(entry.Entry.EventJson),
                    Lease = lease,
                });
                puts++;
            }
            else
            {
                await keepAlive.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = lease });
                if (!await keepAlive.ResponseStream.MoveNext(CancellationToken.None) || keepAlive.ResponseStream.Current.TTL <= 0)
                {
                    throw new InvalidOperationException($"etcd KeepAlive of lease {lease} ({entry.InfluencerId}) failed: the lease expired");
                }

                keepAlives++;
            }
        }

        await keepAlive.RequestStream.CompleteAsync();
        return (grants, puts, keepAlives);
    }
}
