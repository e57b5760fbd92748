using System.Globalization;
using Chimera.Fuzzing.Fuzzers;
using SharpFuzz;

namespace Chimera.Fuzzing;

/// <summary>
/// <c>fuzz &lt;target&gt;</c>: the SharpFuzz fork-server loop, run under <c>afl-fuzz</c> on an instrumented copy
/// (scripts/fuzz.sh); <c>replay &lt;target&gt; &lt;file or directory&gt;...</c>: runs inputs once and reports each
/// failure; <c>list</c>: the targets and what each instruments.
/// </summary>
internal static class FuzzProgram
{
    /// <summary>Inputs are read up to this size: far past the 16 KiB event limit, so the oversized path is covered too, but bounded.</summary>
    private const int MaxInput = 64 * 1024;

    public static int Run(string[] args)
    {
        if (args is ["list"])
        {
            foreach (var fuzzer in FuzzerRegistry.All)
            {
                Console.WriteLine($"{fuzzer.Name} {fuzzer.Dictionary} {string.Join(' ', fuzzer.Instrument.Select(i => $"{i.Assembly}:{i.Prefix}"))}");
            }

            return 0;
        }

        if (args is ["fuzz", var name] && FuzzerRegistry.Find(name) is { } target)
        {
            var buffer = new byte[MaxInput];
            Fuzzer.Run(stream =>
            {
                var length = 0;
                int read;
                while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
                {
                    length += read;
                }

                target.FuzzTarget(buffer.AsSpan(0, length));
            });
            return 0;
        }

        if (args is ["replay", var replayName, .. var paths] && FuzzerRegistry.Find(replayName) is { } replayTarget && paths.Length > 0)
        {
            var failures = 0;
            var count = 0;
            foreach (var file in paths.SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
            {
                count++;
                try
                {
                    var bytes = File.ReadAllBytes(file);
                    replayTarget.FuzzTarget(bytes.AsSpan(0, Math.Min(bytes.Length, MaxInput)));
                }
                catch (Exception ex)
                {
                    failures++;
                    Console.Error.WriteLine($"{file}: {ex.GetType().FullName}: {ex.Message}");
                    Console.Error.WriteLine($"  input (base64): {Convert.ToBase64String(File.ReadAllBytes(file))}");
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{replayName}: {count} inputs, {failures} failed"));
            return failures == 0 ? 0 : 1;
        }

        Console.Error.WriteLine("usage: Chimera.Fuzzing list | fuzz <target> | replay <target> <file or directory>...");
        Console.Error.WriteLine("targets: " + string.Join(", ", FuzzerRegistry.All.Select(f => f.Name)));
        return 2;
    }
}
