using System.Text;
using System.Text.Json.Nodes;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Redis.Streams;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.Redis.Tests;

/// <summary>
/// One bad Redis entry of every reject class the gate and the receiver know (spec §8.1), each with the code it must
/// be dead-lettered with. Every entry's bytes are unique (a nonce in its event id or fields), so reads can be told
/// apart. Built from a valid signed event of the same influencer, changed in exactly the way the kind names.
/// </summary>
internal static class HostileEntries
{
    private static readonly AdapterKey Rogue = TestKeys.Create("adapter-rogue", "r1", [AdapterKey.AnyInfluencer]);

    public const int Kinds = 30;

    /// <summary>Bad entry number <paramref name="kind"/> (0 to <see cref="Kinds"/> − 1) for <paramref name="influencer"/>.</summary>
    public static (NameValueEntry[] Fields, string Code) Create(int kind, string influencer, string nonce, DateTimeOffset now)
    {
        var valid = StatusEventJson.Encode(StatusEvents.Create(influencer, now, currentTask: "TASK", eventId: "bad-" + nonce) with { TraceId = "TRACE" });
        var text = Encoding.UTF8.GetString(valid);
        return kind switch
        {
            0 => (Signed("{\"id\":\"" + nonce + "\","), RejectCodes.MalformedJson),
            1 => (Signed(text + new string(' ', StatusLimits.MaxEventBytes)), RejectCodes.Oversized),
            2 => (Signed(Edit(text, e => e["payload"]!.AsObject().Remove("load"))), RejectCodes.MissingField),
            3 => (Signed(Edit(text, e => e["payload"]!["load"] = "0.25")), RejectCodes.WrongType),
            4 => (Signed(text.Replace("\"load\":0.2", "\"load\":1e400", StringComparison.Ordinal)), RejectCodes.OutOfRange),
            5 => (Signed(Edit(text, e => e["payload"]!["status"] = "away")), RejectCodes.UnknownStatus),
            6 => (Signed(Edit(text, e => e["type"] = "influencer.status.v2")), RejectCodes.WrongEventType),
            7 => (Signed(Edit(text, e => e["payload"]!["schema_version"] = "mcp.perception.v2")), RejectCodes.WrongSchemaVersion),
            8 => (Signed(Edit(text, e => e["timestamp"] = "yesterday")), RejectCodes.BadTimestamp),
            9 => (Signed(Edit(text, e => e["payload"]!["capabilities"] = new JsonArray("Video:v1"))), RejectCodes.BadCapability),
            10 => (Signed(Edit(text, e => e["payload"]!["capabilities"] = new JsonArray([.. Enumerable.Range(0, 33).Select(i => (JsonNode)$"skill-{i}:v1")]))), RejectCodes.TooManyCapabilities),
            11 => (Signed(Edit(text, e => e["source"] = "worker/influencer.someone-else")), RejectCodes.SourceMismatch),
            12 => (Signed(Edit(text, e => e["payload"]!["spec_reference"] = "specs/draft.md")), RejectCodes.UnratifiedSpec),
            13 => (With(HmacStatusSigner.CreateEntry(TestKeys.Any, valid) with { Signature = "" }), RejectCodes.Unsigned),
            14 => (With(HmacStatusSigner.CreateEntry(Rogue, valid)), RejectCodes.UnknownAdapter),
            15 => (With(HmacStatusSigner.CreateEntry(TestKeys.Any, valid) with { Signature = HmacStatusSigner.Sign(TestKeys.Any, "{}"u8) }), RejectCodes.BadSignature),
            16 => (With(HmacStatusSigner.CreateEntry(HostileTrafficCluster.Restricted, valid)), RejectCodes.AdapterNotAuthorized),
            17 => (Signed(Edit(text, e => e["timestamp"] = (now - TimeSpan.FromMinutes(11)).ToString("O"))), RejectCodes.OutsideReplayWindow),
            18 => ([new NameValueEntry(SignedEntryFields.Adapter, "x"), new NameValueEntry("nonce", nonce)], RejectCodes.MalformedEntry),
            19 => (With(HmacStatusSigner.CreateEntry(TestKeys.Any, valid) with { AdapterId = new string('a', 4096) }), RejectCodes.MalformedEntry),
            20 => (Signed(text.Replace("\"TRACE\"", "\"t\\u0000\"", StringComparison.Ordinal)), RejectCodes.ControlCharacter),
            21 => (Signed(text.Replace("\"TASK\"", "\"line\\nbreak\"", StringComparison.Ordinal)), RejectCodes.ControlCharacter),
            22 => (Signed(text.Replace($"\"influencer_id\":\"{influencer}\"", $"\"influencer_id\":\"{influencer}\",\"influencer_id\":\"someone-else\"", StringComparison.Ordinal)), RejectCodes.DuplicateKey),
            23 => ([.. SignedEntryCodec.ToFields(HmacStatusSigner.CreateEntry(TestKeys.Any, valid)), new NameValueEntry(SignedEntryFields.Event, "{}")], RejectCodes.DuplicateKey),
            24 => (Signed(text.Replace("\"TRACE\"", "\"\\ud800\"", StringComparison.Ordinal)), RejectCodes.MalformedJson),
            25 => (Signed(text.Replace("\"TRACE\"", "\"\\udc00\\ud800\"", StringComparison.Ordinal)), RejectCodes.MalformedJson),
            26 => (With(HmacStatusSigner.CreateEntry(TestKeys.Any, InvalidUtf8(valid))), RejectCodes.MalformedJson),
            27 => (Signed(text.Replace("TASK", ObservedGate.PoisonMarker, StringComparison.Ordinal)), RejectCodes.InternalError),
            28 => ([new NameValueEntry(SignedEntryFields.Event, new byte[1 << 20]), new NameValueEntry("nonce", nonce)], RejectCodes.Oversized),
            29 => (Signed(text.Replace("\"load\":0.2", "\"load\":0.2,\"load\":0.9", StringComparison.Ordinal)), RejectCodes.DuplicateKey),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    private static NameValueEntry[] Signed(string json) => With(HmacStatusSigner.CreateEntry(TestKeys.Any, Encoding.UTF8.GetBytes(json)));

    private static NameValueEntry[] With(SignedStatusEntry entry) => SignedEntryCodec.ToFields(entry);

    private static string Edit(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static byte[] InvalidUtf8(byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        var at = bytes.AsSpan().IndexOf("TRACE"u8);
        bytes[at] = 0xFF;
        return bytes;
    }
}
