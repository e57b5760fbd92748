using Chimera.Contracts.Model;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CapabilityTests
{
    [Theory]
    [InlineData("video-gen:v2", "video-gen", 2)]
    [InlineData("captioning:v1", "captioning", 1)]
    [InlineData("a:v9999", "a", 9999)]
    [InlineData("tts_en.us-2:v10", "tts_en.us-2", 10)]
    public void Parse_ReadsNameAndVersion(string text, string name, int version)
    {
        var capability = Capability.Parse(text);

        capability.Name.ShouldBe(name);
        capability.Version.ShouldBe(version);
        capability.ToString().ShouldBe(text);
    }

    [Fact]
    public void Parse_AcceptsANameOf48Characters_AndTheLongestValidDescriptorIs54()
    {
        var name = "a" + new string('b', 47);
        Capability.Parse(name + ":v1").Name.ShouldBe(name);

        // Spec §4.1 caps the descriptor at 64, but a 48-character name and a 4-digit version make 54 at most: the cap
        // can only ever refuse text that is invalid anyway, and it does so first, naming the length.
        var longest = new string('a', 48) + ":v9999";
        Capability.Parse(longest).ToString().ShouldBe(longest);
        longest.Length.ShouldBe(54);
        Capability.TryParse(new string('a', 49) + ":v1", out _, out var nameError).ShouldBeFalse();
        nameError.ShouldNotContain("longer than");
        Capability.TryParse(new string('a', 58) + ":v9999", out _, out var at64).ShouldBeFalse(); // 64 characters
        at64.ShouldNotContain("longer than", customMessage: "64 characters are within the cap; the name is what is wrong");
        Capability.TryParse(new string('a', 59) + ":v9999", out _, out var at65).ShouldBeFalse(); // 65 characters
        at65.ShouldContain($"longer than {Capability.MaxLength} characters");
    }

    [Theory]
    [InlineData("video-gen")]
    [InlineData("video-gen:2")]
    [InlineData("Video:v1")]
    [InlineData("video-gen:v0")]
    [InlineData("a:v01")]
    [InlineData("a:v10000")]
    [InlineData("a:v")]
    [InlineData("a:v-1")]
    [InlineData(":v1")]
    [InlineData("-video:v1")]
    [InlineData("video gen:v1")]
    [InlineData("video:gen:v1")]
    [InlineData("vidéo:v1")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_RejectsMalformedDescriptors_WithAReason(string? text)
    {
        Capability.TryParse(text, out var capability, out var error).ShouldBeFalse();

        capability.ShouldBe(default);
        error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void TryParse_RejectsANameOf49Characters() =>
        Capability.TryParse("a" + new string('b', 48) + ":v1", out _, out _).ShouldBeFalse();

    [Fact]
    public void Parse_ThrowsFormatException_NamingTheForm() =>
        Should.Throw<FormatException>(() => Capability.Parse("video-gen:2")).Message.ShouldContain("name:vN");

    [Fact]
    public void HigherVersion_SatisfiesALowerRequest() =>
        Capability.Parse("video-gen:v3").Satisfies(Capability.Parse("video-gen:v2")).ShouldBeTrue();

    [Fact]
    public void SameVersion_Satisfies() =>
        Capability.Parse("video-gen:v2").Satisfies(Capability.Parse("video-gen:v2")).ShouldBeTrue();

    [Fact]
    public void LowerVersion_DoesNotSatisfyAHigherRequest() =>
        Capability.Parse("video-gen:v1").Satisfies(Capability.Parse("video-gen:v2")).ShouldBeFalse();

    [Fact]
    public void OtherName_DoesNotSatisfy_WhateverTheVersion() =>
        Capability.Parse("image-gen:v9").Satisfies(Capability.Parse("video-gen:v2")).ShouldBeFalse();

    [Fact]
    public void NamePrefix_DoesNotSatisfy() =>
        Capability.Parse("video-gen-hd:v3").Satisfies(Capability.Parse("video-gen:v1")).ShouldBeFalse();
}
