using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Grains.Ingress;
using Chimera.Grains.Telemetry;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// Writes rejected entries to <c>mcp.perception.deadletter</c>: the original fields byte for byte, plus
/// <c>reason</c>, <c>violations</c> (JSON array of {path,code,message}), <c>origin</c> and <c>rejected_at</c>.
/// Throws when Redis did not take the letter, so callers ack the source entry only after it is safe.
/// </summary>
internal sealed class RedisDeadLetterSink : IDeadLetterSink
{
    public const string ReasonField = "reason";
    public const string ViolationsField = "violations";
    public const string OriginField = "origin";
    public const string RejectedAtField = "rejected_at";

    private readonly IConnectionMultiplexer _redis;
    private readonly long _maxLength;

    public RedisDeadLetterSink(IConnectionMultiplexer redis, IOptions<ChimeraRedisOptions> options)
    {
        _redis = redis;
        _maxLength = options.Value.DeadLetterMaxLength;
    }

    public Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        var original = new NameValueEntry[letter.OriginalFields.Count];
        var i = 0;
        foreach (var (name, value) in letter.OriginalFields)
        {
            original[i++] = new NameValueEntry(name, value);
        }

        return WriteRawAsync(original, letter.Violations, letter.Origin, letter.RejectedAt);
    }

    /// <summary>The receiver's path: the original Redis fields are passed on untouched (even invalid UTF-8).</summary>
    public async Task WriteRawAsync(NameValueEntry[] original, IReadOnlyList<Violation> violations, string origin, DateTimeOffset rejectedAt)
    {
        var reason = violations.Count > 0 ? violations[0].Code : RejectCodes.MalformedEntry;
        var fields = new NameValueEntry[original.Length + 4];
        original.CopyTo(fields, 0);
        fields[original.Length] = new NameValueEntry(ReasonField, reason);
        fields[original.Length + 1] = new NameValueEntry(ViolationsField, ViolationsJson(violations));
        fields[original.Length + 2] = new NameValueEntry(OriginField, origin);
        fields[original.Length + 3] = new NameValueEntry(RejectedAtField, rejectedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        await _redis.GetDatabase().StreamAddAsync(PerceptionNames.DeadLetterTopic, fields, maxLength: _maxLength, useApproximateMaxLength: true).ConfigureAwait(false);
        ChimeraMetrics.CountDeadLettered(reason);
    }

    internal static byte[] ViolationsJson(IReadOnlyList<Violation> violations)
    {
        var buffer = new ArrayBufferWriter<byte>(128 * Math.Max(1, violations.Count));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var violation in violations)
            {
                writer.WriteStartObject();
                writer.WriteString("path", violation.Path);
                writer.WriteString("code", violation.Code);
                writer.WriteString("message", violation.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
