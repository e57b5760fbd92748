using System.Text;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Validation;
using Chimera.Testing.Fixtures;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class ProvenanceTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly AdapterKey EuKey = new("adapter-eu-1", "k1", Secret, ["*"]);
    private static readonly AdapterKey BetaOnlyKey = new("adapter-beta", "k1", [.. Enumerable.Range(100, 32).Select(i => (byte)i)], ["beta"]);
    private static readonly byte[] Event = Encoding.UTF8.GetBytes(SeedExample.Json);

    private static AdapterKeyring Keyring() => new([EuKey, BetaOnlyKey]);

    [Fact]
    public void Sign_MatchesTheSpecFormula_ComputedIndependently()
    {
        // base64(HMAC-SHA256(secret, "chimera-sig-v1\n" + adapter + "\n" + kid + "\n" + bytes)), computed with Python's hmac module.
        HmacStatusSigner.Sign(EuKey, "{\"id\":\"e1\"}"u8).ShouldBe("h9l3R2lA2x4Z+k0Ux9pUyVFJBJFWNU6/AxP7j8ouI9Q=");
    }

    [Fact]
    public void SignedEntry_Verifies()
    {
        var entry = HmacStatusSigner.CreateEntry(EuKey, Event);

        entry.AdapterId.ShouldBe("adapter-eu-1");
        entry.KeyId.ShouldBe("k1");
        Keyring().Verify(entry, "alpha").ShouldBeNull();
        Keyring().VerifySignature(entry, out var key).ShouldBeNull();
        key.ShouldBeSameAs(EuKey);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(-1)]
    public void AlteredByte_IsBadSignature(int position)
    {
        var entry = HmacStatusSigner.CreateEntry(EuKey, Event);
        var altered = (byte[])Event.Clone();
        var at = position < 0 ? altered.Length - 1 : position;
        altered[at] ^= 0x01;

        var violation = Keyring().Verify(entry with { EventJson = altered }, "alpha");

        violation.ShouldNotBeNull();
        violation.Code.ShouldBe(RejectCodes.BadSignature);
        violation.Path.ShouldBe("$entry.sig");
    }

    [Fact]
    public void SignatureRelabelledAsAnotherKnownAdapter_IsBadSignature()
    {
        var entry = HmacStatusSigner.CreateEntry(EuKey, Event) with { AdapterId = BetaOnlyKey.AdapterId };

        Keyring().Verify(entry, "beta")!.Code.ShouldBe(RejectCodes.BadSignature);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    [InlineData("h9l3R2lA2x4Z+k0Ux9pUyVFJBJFWNU6/AxP7j8ouI9QAAAA=")]
    public void SignatureOfTheWrongShape_IsBadSignature(string signature)
    {
        var entry = HmacStatusSigner.CreateEntry(EuKey, Event) with { Signature = signature };

        Keyring().Verify(entry, "alpha")!.Code.ShouldBe(RejectCodes.BadSignature);
    }

    [Fact]
    public void UnknownAdapter_IsUnknownAdapter()
    {
        var stranger = new AdapterKey("adapter-rogue", "k1", Secret, ["*"]);

        var violation = Keyring().Verify(HmacStatusSigner.CreateEntry(stranger, Event), "alpha");

        violation.ShouldNotBeNull();
        violation.Code.ShouldBe(RejectCodes.UnknownAdapter);
        violation.Path.ShouldBe("$entry.adapter");
    }

    [Fact]
    public void UnknownKeyIdOfAKnownAdapter_IsUnknownAdapter()
    {
        var retired = EuKey with { KeyId = "k0" };

        Keyring().Verify(HmacStatusSigner.CreateEntry(retired, Event), "alpha")!.Code.ShouldBe(RejectCodes.UnknownAdapter);
    }

    [Theory]
    [InlineData(null, "k1", "sig")]
    [InlineData("adapter-eu-1", null, "sig")]
    [InlineData("adapter-eu-1", "k1", null)]
    [InlineData("", "k1", "sig")]
    [InlineData("adapter-eu-1", "", "sig")]
    [InlineData("adapter-eu-1", "k1", "")]
    public void MissingProvenanceField_IsUnsigned(string? adapter, string? keyId, string? signature)
    {
        var violation = Keyring().Verify(new SignedStatusEntry(Event, adapter, keyId, signature), "alpha");

        violation.ShouldNotBeNull();
        violation.Code.ShouldBe(RejectCodes.Unsigned);
        violation.Path.ShouldBe("$entry");
    }

    [Fact]
    public void RestrictedKey_SpeakingForAnotherInfluencer_IsNotAuthorized()
    {
        var violation = Keyring().Verify(HmacStatusSigner.CreateEntry(BetaOnlyKey, Event), "alpha");

        violation.ShouldNotBeNull();
        violation.Code.ShouldBe(RejectCodes.AdapterNotAuthorized);
        violation.Path.ShouldBe("$entry.adapter");
    }

    [Fact]
    public void RestrictedKey_SpeakingForItsOwnInfluencer_Verifies() =>
        Keyring().Verify(HmacStatusSigner.CreateEntry(BetaOnlyKey, Event), "beta").ShouldBeNull();

    [Fact]
    public void RestrictedKey_MatchesInfluencerIdsCaseSensitively()
    {
        BetaOnlyKey.MaySpeakFor("beta").ShouldBeTrue();
        BetaOnlyKey.MaySpeakFor("Beta").ShouldBeFalse();
        EuKey.MaySpeakFor("anyone").ShouldBeTrue();
    }

    [Fact]
    public void SecretShorterThan32Bytes_IsRejectedAtConstruction() =>
        Should.Throw<ArgumentException>(() => new AdapterKeyring([new AdapterKey("a", "k", new byte[31], ["*"])]))
            .Message.ShouldContain("31-byte");

    [Fact]
    public void SameAdapterAndKeyIdTwice_IsRejectedAtConstruction() =>
        Should.Throw<ArgumentException>(() => new AdapterKeyring([EuKey, EuKey with { Secret = new byte[32] }]))
            .Message.ShouldContain("twice");

    [Fact]
    public void AdapterKey_ToString_RedactsTheSecret() =>
        EuKey.ToString().ShouldBe("AdapterKey { AdapterId = adapter-eu-1, KeyId = k1, Secret = [redacted] }");

    [Fact]
    public void DevelopmentKey_IsA32ByteKeyForAnyInfluencer()
    {
        DevelopmentKeys.Key.AdapterId.ShouldBe("dev-adapter");
        DevelopmentKeys.Key.KeyId.ShouldBe("dev-1");
        DevelopmentKeys.Key.Secret.Length.ShouldBe(32);
        DevelopmentKeys.Key.MaySpeakFor("alpha").ShouldBeTrue();
    }
}
