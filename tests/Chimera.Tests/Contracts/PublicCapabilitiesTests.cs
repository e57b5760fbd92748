using Chimera.Contracts.Model;
using Chimera.Contracts.Spec;
using Chimera.Testing;

namespace Chimera.Tests.Contracts;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class PublicCapabilitiesTests
{
    private static Capability[] Caps(params string[] texts) => [.. texts.Select(Capability.Parse)];

    [Fact]
    public void Map_DropsPrivatePrefixes_AndSorts() =>
        PublicCapabilities.Map(Caps("x-beta:v1", "video-gen:v2", "internal-ops:v1", "captioning:v1", "private-notes:v3"))
            .ShouldBe(["captioning:v1", "video-gen:v2"]);

    [Fact]
    public void Map_KeepsNamesThatOnlyContainAPrivateWord() =>
        PublicCapabilities.Map(Caps("box-art:v1", "xray:v1", "gen-internal-tools:v1"))
            .ShouldBe(["box-art:v1", "gen-internal-tools:v1", "xray:v1"]);

    [Fact]
    public void Map_DeduplicatesRepeatedCapabilities() =>
        PublicCapabilities.Map(Caps("video-gen:v2", "captioning:v1", "video-gen:v2"))
            .ShouldBe(["captioning:v1", "video-gen:v2"]);

    [Fact]
    public void Map_WithAnAllowList_KeepsOnlyListedNames() =>
        PublicCapabilities.Map(Caps("video-gen:v2", "captioning:v1", "tts:v1"), new HashSet<string> { "tts", "video-gen" })
            .ShouldBe(["tts:v1", "video-gen:v2"]);

    [Fact]
    public void Map_AllowListNeverAdmitsAPrivateName() =>
        PublicCapabilities.Map(Caps("internal-ops:v1", "tts:v1"), new HashSet<string> { "internal-ops", "tts" })
            .ShouldBe(["tts:v1"]);

    [Fact]
    public void Map_WithAnEmptyAllowList_FiltersOnlyPrivateNames() =>
        PublicCapabilities.Map(Caps("tts:v1", "x-lab:v1"), new HashSet<string>())
            .ShouldBe(["tts:v1"]);

    [Fact]
    public void Map_OfNothing_IsEmpty() =>
        PublicCapabilities.Map([]).ShouldBeEmpty();
}
