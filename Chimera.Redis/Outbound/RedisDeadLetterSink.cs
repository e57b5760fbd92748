using System.Text;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Core.Ingress;
using Chimera.Core.Telemetry;
using Chimera.Redis.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Chimera.Redis.Outbound;

/// <summary>
/// Writes rejected entries to <c>mcp.perception.deadletter</c> (spec §8.3): the original fields byte for byte, bounded
/// as <see cref="DeadLetters"/> says, plus <c>reason</c>, <c>violations</c> (JSON array of {path,code,message}),
/// <c>origin</c>, <c>rejected_at</c> and, when something was cut, <c>truncated</c>. Counts every letter it stores
/// (<c>chimera.events.deadlettered</c>) — the only place that counts on this profile. Throws when Redis did not take the
/// letter, so callers ack the source entry only after it is safe.
/// </summary>
internal sealed class RedisDeadLetterSink : IDeadLetterSink
{
    public const string ReasonField = DeadLetters.ReasonField;
    public const string ViolationsField = DeadLetters.ViolationsField;
    public const string OriginField = DeadLetters.OriginField;
    public const string RejectedAtField = DeadLetters.RejectedAtField;
    public const string TruncatedField = DeadLetters.TruncatedField;

    private readonly IConnectionMultiplexer _redis;
    private readonly long _maxLength;
    private readonly ChimeraMetrics? _metrics;

    public RedisDeadLetterSink(IConnectionMultiplexer redis, IOptions<ChimeraRedisOptions> options, ChimeraMetrics? metrics = null)
    {
        _metrics = metrics;
        _redis = redis;
        _maxLength = options.Value.DeadLetterMaxLength;
    }

    public Task WriteAsync(DeadLetter letter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var original = new NameValueEntry[letter.OriginalFields.Count];
        for (var i = 0; i < original.Length; i++)
        {
            original[i] = new NameValueEntry(letter.OriginalFields[i].Name, letter.OriginalFields[i].Value);
        }

        return WriteRawAsync(original, letter.Violations, letter.Origin, letter.RejectedAt);
    }

    /// <summary>The receivers' path: the original Redis fields are passed on untouched (even invalid UTF-8), within the bounds.</summary>
    public async Task WriteRawAsync(NameValueEntry[] original, IReadOnlyList<Violation> violations, string origin, DateTimeOffset rejectedAt)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(violations);
        var reason = violations.Count > 0 ? violations[0].Code : RejectCodes.MalformedEntry;
        var fields = new List<NameValueEntry>(Math.Min(original.Length, DeadLetters.MaxOriginalFields) + 5);
        var cut = new List<string>();
        var dropped = 0;
        foreach (var field in original)
        {
            if (fields.Count >= DeadLetters.MaxOriginalFields || (!field.Name.IsNull && DeadLetters.IsReserved(NameBytes(field.Name))))
            {
                dropped++;
                continue;
            }

            fields.Add(new NameValueEntry(Bounded(field.Name, DeadLetters.MaxFieldNameBytes, "a field name", cut), Bounded(field.Value, DeadLetters.MaxFieldValueBytes, Describe(field.Name), cut)));
        }

        fields.Add(new NameValueEntry(ReasonField, reason));
        fields.Add(new NameValueEntry(ViolationsField, DeadLetterJson.EncodeViolations(violations)));
        fields.Add(new NameValueEntry(OriginField, origin));
        fields.Add(new NameValueEntry(RejectedAtField, WireTime.ToWire(rejectedAt)));
        if (DeadLetters.DescribeTruncation(cut, dropped, original.Length) is { } truncated)
        {
            fields.Add(new NameValueEntry(TruncatedField, truncated));
        }

        await AddAsync([.. fields], reason).ConfigureAwait(false);
    }

    /// <summary>
    /// The letter of last resort (spec §8.5): no original fields, only what this code wrote itself, for when writing
    /// the full letter failed for a reason other than Redis being unreachable. It cannot fail on content.
    /// </summary>
    public Task WriteWithoutOriginalAsync(IReadOnlyList<Violation> violations, string origin, DateTimeOffset rejectedAt, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(failure);
        var reason = violations.Count > 0 ? violations[0].Code : RejectCodes.InternalError;
        NameValueEntry[] fields =
        [
            new(ReasonField, reason),
            new(ViolationsField, DeadLetterJson.EncodeViolations(violations)),
            new(OriginField, origin),
            new(RejectedAtField, WireTime.ToWire(rejectedAt)),
            new(TruncatedField, $"all original fields left out: writing them failed ({failure.GetType().FullName})"),
        ];
        return AddAsync(fields, reason);
    }

    private async Task AddAsync(NameValueEntry[] fields, string reason)
    {
        await _redis.GetDatabase().StreamAddAsync(PerceptionNames.DeadLetterTopic, fields, maxLength: _maxLength, useApproximateMaxLength: true).ConfigureAwait(false);
        _metrics?.CountDeadLettered(reason);
    }

    private static RedisValue Bounded(RedisValue value, int maxBytes, string what, List<string> cut)
    {
        if (value.IsNull)
        {
            return RedisValue.EmptyString;
        }

        var length = value.Length();
        if (length <= maxBytes)
        {
            return value;
        }

        cut.Add(DeadLetters.DescribeCut(what, length, maxBytes));
        return ((ReadOnlyMemory<byte>)value)[..maxBytes];
    }

    private static ReadOnlySpan<byte> NameBytes(RedisValue name) =>
        name.Length() > DeadLetters.MaxFieldNameBytes ? default : ((ReadOnlyMemory<byte>)name).Span;

    private static string Describe(RedisValue name)
    {
        if (name.IsNull)
        {
            return "a field";
        }

        var bytes = ((ReadOnlyMemory<byte>)name).Span;
        return "'" + TextRules.Quote(Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, DeadLetters.MaxFieldNameBytes)]), 32) + "'";
    }
}
