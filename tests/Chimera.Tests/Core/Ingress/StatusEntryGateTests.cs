using System.Text;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Core.Ingress;
using Chimera.Testing;
using Chimera.Testing.Fixtures;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Chimera.Tests.Core.Ingress;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class StatusEntryGateTests
{
    private static readonly AdapterKey Key = new("adapter-eu-1", "k1", [.. Enumerable.Range(0, 32).Select(i => (byte)i)], ["*"]);
    private static readonly AdapterKey BetaOnly = new("adapter-beta", "k1", [.. Enumerable.Range(50, 32).Select(i => (byte)i)], ["beta"]);

    /// <summary>A gate whose clock reads <paramref name="now"/>; by default one minute after the seed event was stamped.</summary>
    private static StatusEntryGate Gate(DateTimeOffset? now = null, IngressOptions? options = null) =>
        new(RatifiedSpecs.Embedded(), new AdapterKeyring([Key, BetaOnly]), new FakeTimeProvider(now ?? SeedExample.Timestamp.AddMinutes(1)),
            Options.Create(options ?? new IngressOptions()));

    private static SignedStatusEntry Signed(string json, AdapterKey? key = null) =>
        HmacStatusSigner.CreateEntry(key ?? Key, Encoding.UTF8.GetBytes(json));

    [Fact]
    public void SignedSeedEvent_IsAccepted_WithProvenanceSet()
    {
        var result = Gate().Admit(Signed(SeedExample.Json));

        result.Violations.ShouldBeEmpty();
        result.IsAccepted.ShouldBeTrue();
        result.Event.Provenance.ShouldBe(new AdapterProvenance("adapter-eu-1", "k1"));
        result.Event.EventId.ShouldBe("influencer-status-2f4e8b9a");
        result.Event.InfluencerId.ShouldBe("alpha");
    }

    [Fact]
    public void ForgedEntryWithMalformedJson_IsRejectedForItsSignature_BeforeParsing()
    {
        var entry = new SignedStatusEntry("{\"id\":"u8.ToArray(), Key.AdapterId, Key.KeyId, Convert.ToBase64String(new byte[32]));

        var result = Gate().Admit(entry);

        result.IsAccepted.ShouldBeFalse();
        var violation = result.Violations.ShouldHaveSingleItem();
        violation.Code.ShouldBe(RejectCodes.BadSignature);
        violation.Path.ShouldBe("$entry.sig");
    }

    [Fact]
    public void UnsignedEntry_IsRejectedAsUnsigned() =>
        Gate().Admit(new SignedStatusEntry(Encoding.UTF8.GetBytes(SeedExample.Json), null, null, null))
            .Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.Unsigned);

    [Fact]
    public void CorrectlySignedInvalidEvent_ReportsEveryDecodeViolation()
    {
        var json = SeedExample.WithPayload(p =>
        {
            p["status"] = "away";
            p["load"] = 1.1;
        });

        Gate().Admit(Signed(json)).Violations.Select(v => (v.Path, v.Code)).ShouldBe(
        [
            ("payload.status", RejectCodes.UnknownStatus),
            ("payload.load", RejectCodes.OutOfRange),
        ]);
    }

    [Fact]
    public void CorrectlySignedMalformedJson_IsMalformedJson() =>
        Gate().Admit(Signed("{\"id\":")).Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.MalformedJson);

    [Fact]
    public void RestrictedAdapter_PublishingForAnotherInfluencer_IsNotAuthorized()
    {
        var violation = Gate().Admit(Signed(SeedExample.Json, BetaOnly)).Violations.ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.AdapterNotAuthorized);
        violation.Path.ShouldBe("$entry.adapter");
    }

    [Fact]
    public void EventOlderThanTheReplayWindow_IsOutsideReplayWindow()
    {
        var violation = Gate(SeedExample.Timestamp + TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1)).Admit(Signed(SeedExample.Json)).Violations.ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.OutsideReplayWindow);
        violation.Path.ShouldBe("timestamp");
    }

    [Fact]
    public void EventExactlyAsOldAsTheReplayWindow_IsAccepted()
    {
        Gate(SeedExample.Timestamp + TimeSpan.FromMinutes(10)).Admit(Signed(SeedExample.Json)).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void EventMoreThan30SecondsInTheFuture_IsOutsideReplayWindow()
    {
        var violation = Gate(SeedExample.Timestamp - TimeSpan.FromSeconds(31)).Admit(Signed(SeedExample.Json)).Violations.ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.OutsideReplayWindow);
        violation.Path.ShouldBe("timestamp");
    }

    [Fact]
    public void EventExactly30SecondsInTheFuture_IsAccepted()
    {
        Gate(SeedExample.Timestamp - TimeSpan.FromSeconds(30)).Admit(Signed(SeedExample.Json)).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void ConfiguredReplayWindow_IsHonoured()
    {
        Gate(options: new IngressOptions { ReplayWindow = TimeSpan.FromSeconds(30) }).Admit(Signed(SeedExample.Json)).Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.OutsideReplayWindow);
    }

    [Fact]
    public void OversizedEntry_IsRejectedForItsSize_BeforeItsSignatureIsComputed()
    {
        // A forged signature: were the MAC computed first, this would report bad_signature (and hash 1 MB).
        var entry = new SignedStatusEntry(new byte[1 << 20], Key.AdapterId, Key.KeyId, Convert.ToBase64String(new byte[32]));

        var violation = Gate().Admit(entry).Violations.ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.Oversized);
        violation.Path.ShouldBe("$");
    }

    [Fact]
    public void OversizedUnsignedEntry_IsOversized() =>
        Gate().Admit(new SignedStatusEntry(new byte[StatusLimits.MaxEventBytes + 1], null, null, null))
            .Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.Oversized);

    [Theory]
    [InlineData("adapter")]
    [InlineData("kid")]
    [InlineData("sig")]
    public void OverlongProvenanceField_IsMalformedEntry_AndNotQuotedWhole(string field)
    {
        var huge = new string('a', 100_000);
        var entry = Signed(SeedExample.Json);
        entry = field switch
        {
            "adapter" => entry with { AdapterId = huge },
            "kid" => entry with { KeyId = huge },
            _ => entry with { Signature = huge },
        };

        var violation = Gate().Admit(entry).Violations.ShouldHaveSingleItem();

        violation.Code.ShouldBe(RejectCodes.MalformedEntry);
        violation.Path.ShouldBe("$entry." + field);
        violation.Message.Length.ShouldBeLessThan(200);
    }

    [Fact]
    public void EmptySignature_IsUnsigned() =>
        Gate().Admit(Signed(SeedExample.Json) with { Signature = "" }).Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.Unsigned);

    [Fact]
    public void EntryWithoutEventBytes_IsMalformedEntry() =>
        Gate().Admit(new SignedStatusEntry(null!, Key.AdapterId, Key.KeyId, "c2ln")).Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.MalformedEntry);

    [Theory]
    [InlineData("\"trace-abc-123\"", "\"\\ud800\"", RejectCodes.MalformedJson)]
    [InlineData("\"trace-abc-123\"", "\"t\\u0000\"", RejectCodes.ControlCharacter)]
    [InlineData("\"influencer_id\": \"alpha\",", "\"influencer_id\": \"alpha\", \"influencer_id\": \"beta\",", RejectCodes.DuplicateKey)]
    public void SignedHostileEvent_IsRejectedWithItsCode_NotThrown(string find, string replace, string code) =>
        Gate().Admit(Signed(SeedExample.Json.Replace(find, replace, StringComparison.Ordinal))).Violations.ShouldHaveSingleItem().Code.ShouldBe(code);

    [Fact]
    public void AdapterListingOnlyBeta_CannotSpeakForAlpha_EvenThoughTheKeyIsValid()
    {
        var betaEvent = SeedExample.Json.Replace("alpha", "beta", StringComparison.Ordinal);

        Gate().Admit(Signed(betaEvent, BetaOnly)).IsAccepted.ShouldBeTrue();
        Gate().Admit(Signed(SeedExample.Json, BetaOnly)).Violations.ShouldHaveSingleItem().Code.ShouldBe(RejectCodes.AdapterNotAuthorized);
    }
}
