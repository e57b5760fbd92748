using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

/// <summary>
/// The one codec of the four stream-entry fields (spec §2.3, §7.2), independent of Redis: what the adapter encodes is
/// what the silo decodes, and the transport checks of spec §8.1 hold on any field type.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SignedEntryWireTests
{
    private static readonly SignedStatusEntry Entry = new("{\"id\":\"e1\"}"u8.ToArray(), "adapter-alpha", "k1", "c2lnbmF0dXJl");

    [Fact]
    public void Encode_WritesTheFourFieldsInOrder_AsUtf8()
    {
        var fields = SignedEntryWire.Encode(Entry, (name, value) => (Name: name, Value: Encoding.UTF8.GetString(value.Span)));

        fields.Length.ShouldBe(SignedEntryWire.FieldCount);
        fields.ShouldBe([
            (SignedEntryFields.Event, "{\"id\":\"e1\"}"),
            (SignedEntryFields.Adapter, "adapter-alpha"),
            (SignedEntryFields.KeyId, "k1"),
            (SignedEntryFields.Signature, "c2lnbmF0dXJl"),
        ]);
    }

    [Fact]
    public void Decode_OfEncode_IsTheEntry()
    {
        var decoded = Decode(Encoded(Entry), out var violation);

        violation.ShouldBeNull();
        decoded.ShouldNotBeNull();
        decoded.EventJson.ShouldBe(Entry.EventJson);
        (decoded.AdapterId, decoded.KeyId, decoded.Signature).ShouldBe((Entry.AdapterId, Entry.KeyId, Entry.Signature));
    }

    [Fact]
    public void Decode_MissingProvenance_IsNull_AndUnknownFieldsAreIgnored()
    {
        var decoded = Decode([Field("event", "{}"), Field("other", "x")], out var violation);

        violation.ShouldBeNull();
        decoded.ShouldNotBeNull();
        (decoded.AdapterId, decoded.KeyId, decoded.Signature).ShouldBe((null, null, null));
    }

    [Fact]
    public void Decode_AFieldGivenTwice_IsDuplicateKey_NamingIt()
    {
        Decode([.. Encoded(Entry), Field("kid", "k2")], out var violation).ShouldBeNull();

        violation.ShouldNotBeNull();
        (violation.Path, violation.Code).ShouldBe(("$entry.kid", RejectCodes.DuplicateKey));
    }

    [Fact]
    public void Decode_NoEvent_IsMalformedEntry()
    {
        Decode([Field("adapter", "a"), Field("kid", "k1"), Field("sig", "s")], out var violation).ShouldBeNull();

        (violation!.Path, violation.Code).ShouldBe(("$entry.event", RejectCodes.MalformedEntry));
    }

    [Fact]
    public void Decode_AnOversizedEvent_IsOversized()
    {
        Decode([(Encoding.UTF8.GetBytes("event"), new byte[StatusLimits.MaxEventBytes + 1])], out var violation).ShouldBeNull();

        violation!.Code.ShouldBe(RejectCodes.Oversized);
    }

    private static (byte[] Name, byte[] Value)[] Encoded(SignedStatusEntry entry) =>
        SignedEntryWire.Encode(entry, (name, value) => (Encoding.UTF8.GetBytes(name), value.ToArray()));

    private static (byte[] Name, byte[] Value) Field(string name, string value) => (Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));

    private static SignedStatusEntry? Decode((byte[] Name, byte[] Value)[] fields, out Violation? violation) =>
        SignedEntryWire.Decode<(byte[] Name, byte[] Value)>(fields, f => f.Name, f => f.Value, out violation);
}
