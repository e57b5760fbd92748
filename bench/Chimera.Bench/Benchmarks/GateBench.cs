using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using Chimera.Bench.Infrastructure;
using Chimera.Bench.Workload;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Microsoft.Extensions.Options;

namespace Chimera.Bench.Benchmarks;

/// <summary>
/// The ingress CPU path alone: <see cref="StatusEntryGate.Admit"/> (HMAC verify, decode, validate, authority,
/// replay window) against raw <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/> and raw
/// HMAC-SHA256 of the same bytes, one thread, then one thread per core.
/// </summary>
internal static class GateBench
{
    public static void Run(Scale scale, IReadOnlyList<SignedEntry> sample, ResultTable table)
    {
        var gate = new StatusEntryGate(RatifiedSpecs.Embedded(), new AdapterKeyring([BenchKeys.Key]), TimeProvider.System, Options.Create(new IngressOptions()));
        var entries = sample.Select(s => s.Entry).ToArray();
        foreach (var entry in entries.Take(100))
        {
            if (!gate.Admit(entry).IsAccepted)
            {
                throw new InvalidOperationException("the gate rejected a bench entry; the workload is wrong");
            }
        }

        var secret = BenchKeys.Key.Secret;
        var mac = new byte[32];
        var admit = Measure(scale.GateDuration, entries, 1, e => gate.Admit(e));
        var parse = Measure(scale.GateDuration, entries, 1, e => { using var d = JsonDocument.Parse(e.EventJson); });
        var hmac = Measure(scale.GateDuration, entries, 1, e => HMACSHA256.HashData(secret, e.EventJson, mac));
        var cores = Environment.ProcessorCount;
        var admitAll = Measure(scale.GateDuration, entries, cores, e => gate.Admit(e));
        var parseAll = Measure(scale.GateDuration, entries, cores, e => { using var d = JsonDocument.Parse(e.EventJson); });

        var bytes = entries.Average(e => e.EventJson.Length);
        table.Add("Gate (CPU)", "StatusEntryGate.Admit, 1 thread", ResultTable.Rate(admit), $"JsonDocument.Parse {ResultTable.Rate(parse)}; HMAC {ResultTable.Rate(hmac)}", "", $"{admit / parse:P0} of parse");
        table.Metric("gate_admit_1_thread_per_s", admit);
        table.Metric("gate_admit_all_threads_per_s", admitAll);
        table.Metric("gate_parse_1_thread_per_s", parse);
        table.Add("Gate (CPU)", $"StatusEntryGate.Admit, {cores} threads", ResultTable.Rate(admitAll), $"JsonDocument.Parse {ResultTable.Rate(parseAll)}", ">= 50,000/s", ResultTable.Pass(admitAll >= 50_000));
        table.Note($"Gate: events average {bytes:0} bytes of JSON; Admit = HMAC-SHA256 verify + decode + validate + authority + replay window; the gate is {admit / 50_000:0.0}x the 50k/s target on one core, so it does not cap ingest.");
    }

    private static double Measure(TimeSpan duration, SignedStatusEntry[] entries, int threads, Action<SignedStatusEntry> work)
    {
        // Warm-up of at least a second on the same threads: the decoder is large and tiered JIT (with PGO) needs
        // that long before its final code runs; a shorter warm-up under-reports the first measurement by half.
        Run(duration > TimeSpan.FromSeconds(1) ? duration : TimeSpan.FromSeconds(1), entries, threads, work);
        return Run(duration, entries, threads, work);
    }

    private static double Run(TimeSpan duration, SignedStatusEntry[] entries, int threads, Action<SignedStatusEntry> work)
    {
        var counts = new long[threads];
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var n = 0L;
            var i = t * 7919;
            while (stopwatch.Elapsed < duration)
            {
                for (var k = 0; k < 256; k++)
                {
                    work(entries[i++ % entries.Length]);
                }

                n += 256;
            }

            counts[t] = n;
        });
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
