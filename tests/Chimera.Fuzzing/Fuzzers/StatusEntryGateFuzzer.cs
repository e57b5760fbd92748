using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Core.Ingress;
using Microsoft.Extensions.Options;

namespace Chimera.Fuzzing.Fuzzers;

/// <summary>
/// <c>StatusEntryGate.Admit</c> on a whole transport entry. The first input byte picks how the entry is signed (so
/// mutations of the event get past the signature instead of dying at <c>bad_signature</c>); the rest is the event,
/// or for some modes the provenance fields. Invariants (spec §8.6): admission is total; an accepted event is exactly
/// what the decoder makes of the bytes, carries the signing key's provenance, is one the key may speak for and is
/// inside the replay window; a rejection is well-formed and, where the mode fixes it, has the expected code.
/// </summary>
internal sealed class StatusEntryGateFuzzer : IFuzzer
{
    /// <summary>The clock the gate reads: one minute after the seed example was stamped, so the seed is admitted.</summary>
    public static readonly DateTimeOffset Now = new(2026, 2, 6, 12, 46, 0, TimeSpan.Zero);

    private static readonly AdapterKey Any = Key("fuzz-any", "k1", [AdapterKey.AnyInfluencer], 1);
    private static readonly AdapterKey AlphaOnly = Key("fuzz-alpha", "k1", ["alpha"], 2);
    private static readonly AdapterKey Stranger = Key("fuzz-stranger", "k1", [AdapterKey.AnyInfluencer], 3);

    private static readonly StatusEntryGate Gate = new(StatusInvariants.Specs, new AdapterKeyring([Any, AlphaOnly]), new FixedClock(Now), Options.Create(new IngressOptions()));

    public IReadOnlyList<(string Assembly, string Prefix)> Instrument { get; } =
        [("Chimera.Contracts.dll", "Chimera.Contracts"), ("Chimera.Core.dll", "Chimera.Core.Ingress")];

    public string Outcome(ReadOnlySpan<byte> bytes)
    {
        var result = Gate.Admit(Entry(bytes, out _, out _));
        return result.IsAccepted ? "accepted" : result.Violations[0].Code;
    }

    public void FuzzTarget(ReadOnlySpan<byte> bytes)
    {
        var entry = Entry(bytes, out var mode, out var json);
        var result = Gate.Admit(entry);
        if (result.IsAccepted)
        {
            var decoded = StatusEventJson.Decode(json, StatusInvariants.Specs);
            Assert.True(decoded.IsValid, "an admitted event is one the decoder accepts on its own");
            Assert.True(StatusInvariants.SameEvent(decoded.Event! with { Provenance = result.Event.Provenance }, result.Event), "the admitted event is exactly the decoded one");
            Assert.True(mode is 0 or 1, $"only a correctly signed entry is admitted (mode {mode})");
            var key = mode == 0 ? Any : AlphaOnly;
            Assert.Equal(new Chimera.Contracts.Model.AdapterProvenance(key.AdapterId, key.KeyId), result.Event.Provenance, "provenance is the signing key's");
            Assert.True(key.MaySpeakFor(result.Event.InfluencerId), "the key may speak for the influencer");
            Assert.True(result.Event.Timestamp <= Now + TimeSpan.FromSeconds(30) && result.Event.Timestamp >= Now - TimeSpan.FromMinutes(10), "the event is inside the replay window");
            StatusInvariants.CheckEvent(result.Event);
            return;
        }

        StatusInvariants.CheckViolations(result.Violations, json.Length);
        var first = result.Violations[0].Code;
        if (json.Length > StatusLimits.MaxEventBytes)
        {
            Assert.Equal(RejectCodes.Oversized, first, "the size cap comes before anything else");
            return;
        }

        var expected = mode switch
        {
            2 => RejectCodes.BadSignature,
            3 or 7 => RejectCodes.UnknownAdapter,
            4 or 5 => RejectCodes.Unsigned,
            _ => null,
        };
        if (expected is not null)
        {
            Assert.Equal(expected, first, $"mode {mode} is rejected for its provenance, before the event is parsed");
        }

        if (mode == 1 && first == RejectCodes.AdapterNotAuthorized)
        {
            Assert.True(StatusEventJson.Decode(json, StatusInvariants.Specs) is { IsValid: true } d && d.Event.InfluencerId != "alpha", "not authorized only for another influencer");
        }
    }

    /// <summary>
    /// The entry an input stands for: byte 0 picks the provenance (mode 0-7), the rest is the event.
    /// <paramref name="json"/> is the event the entry carries: the rest of the input, except in mode 6, where the
    /// input also spells the provenance fields and the event is only what follows them (so the invariants judge the
    /// size of what the gate was given, not of the whole input).
    /// </summary>
    private static SignedStatusEntry Entry(ReadOnlySpan<byte> bytes, out int mode, out byte[] json)
    {
        mode = bytes.IsEmpty ? 0 : bytes[0] % 8;
        var rest = bytes.IsEmpty ? [] : bytes[1..].ToArray();
        var entry = EntryFor(mode, rest);
        json = entry.EventJson;
        return entry;
    }

    private static SignedStatusEntry EntryFor(int mode, byte[] json) =>
        mode switch
        {
            0 => HmacStatusSigner.CreateEntry(Any, json),
            1 => HmacStatusSigner.CreateEntry(AlphaOnly, json),
            2 => Tampered(HmacStatusSigner.CreateEntry(Any, json)),
            3 => HmacStatusSigner.CreateEntry(Stranger, json),
            4 => HmacStatusSigner.CreateEntry(Any, json) with { Signature = "" },
            5 => new SignedStatusEntry(json, null, null, null),
            6 => FieldsFromBytes(json),
            _ => HmacStatusSigner.CreateEntry(Any, json) with { KeyId = "k2" },
        };

    private static SignedStatusEntry Tampered(SignedStatusEntry entry)
    {
        var mac = Convert.FromBase64String(entry.Signature!);
        mac[0] ^= 0x80;
        return entry with { Signature = Convert.ToBase64String(mac) };
    }

    // Provenance fields straight from the input: hostile adapter ids, key ids and signatures of any length or text.
    private static SignedStatusEntry FieldsFromBytes(byte[] input)
    {
        var text = System.Text.Encoding.UTF8.GetString(input);
        var parts = text.Split('\n', 4);
        return new SignedStatusEntry(
            parts.Length > 3 ? System.Text.Encoding.UTF8.GetBytes(parts[3]) : [],
            parts.Length > 0 ? parts[0] : null,
            parts.Length > 1 ? parts[1] : null,
            parts.Length > 2 ? parts[2] : null);
    }

    private static AdapterKey Key(string adapter, string kid, string[] influencers, byte fill) =>
        new(adapter, kid, Enumerable.Repeat(fill, 32).ToArray(), influencers);
}
