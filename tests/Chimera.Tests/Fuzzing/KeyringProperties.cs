using Chimera.Contracts.Provenance;
using Chimera.Grains.Hosting;
using Chimera.Testing;
using CsCheck;
using Microsoft.Extensions.Configuration;

namespace Chimera.Tests.Fuzzing;

/// <summary>
/// Spec §7.3 as properties (CsCheck): the keyring accepts exactly the listed influencers — directly, and after the
/// list went through the configuration binder the silo uses (where the appending binder once widened it).
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class KeyringProperties
{
    private static readonly byte[] Secret = [.. Enumerable.Range(90, 32).Select(i => (byte)i)];

    /// <summary>Few distinct ids, so lists and queries collide often; case and near-misses included.</summary>
    private static readonly Gen<string> Id = Gen.Frequency(
        (6, Gen.OneOf("alpha", "beta", "gamma", "Alpha", "alpha1", "a:b", "x.y_z")),
        (1, Gen.String[Gen.Char["abc-_.:09"], 1, 6]));

    private static readonly Gen<List<string>> Listed = Gen.Frequency(
        (8, Id.List[1, 5]),
        (1, Gen.Const(new List<string> { AdapterKey.AnyInfluencer })),
        (1, Id.List[0, 3].Select(l => new List<string>([AdapterKey.AnyInfluencer, .. l]))));

    private static bool Allowed(List<string> listed, string query) =>
        listed is [AdapterKey.AnyInfluencer] || listed.Contains(query, StringComparer.Ordinal);

    private static bool Valid(List<string> listed) => listed.Count > 0 && (listed is [AdapterKey.AnyInfluencer] || !listed.Contains(AdapterKey.AnyInfluencer));

    [Fact]
    public void Keyring_AcceptsExactlyTheListedInfluencers() =>
        Gen.Select(Listed, Id).Sample((listed, query) =>
        {
            var key = new AdapterKey("adapter", "k1", Secret, listed);
            if (!Valid(listed))
            {
                Should.Throw<ArgumentException>(() => new AdapterKeyring([key]));
                return;
            }

            var keyring = new AdapterKeyring([key]);
            var entry = HmacStatusSigner.CreateEntry(key, "{}"u8.ToArray());
            (keyring.Authorize(key, entry, query) is null).ShouldBe(Allowed(listed, query), $"[{string.Join(", ", listed)}] for '{query}'");
            key.MaySpeakFor(query).ShouldBe(Allowed(listed, query));
        }, iter: 5_000);

    [Fact]
    public void KeyringBoundFromConfiguration_AcceptsExactlyTheListedInfluencers() =>
        Gen.Select(Listed, Id).Sample((listed, query) =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["Chimera:Provenance:Adapters:0:AdapterId"] = "adapter",
                ["Chimera:Provenance:Adapters:0:KeyId"] = "k1",
                ["Chimera:Provenance:Adapters:0:Secret"] = Convert.ToBase64String(Secret),
            };
            for (var i = 0; i < listed.Count; i++)
            {
                settings[$"Chimera:Provenance:Adapters:0:Influencers:{i}"] = listed[i];
            }

            var options = new ProvenanceOptions();
            new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(ProvenanceOptions.SectionName).Bind(options);
            if (!Valid(listed))
            {
                Should.Throw<InvalidOperationException>(() => options.BuildKeyring()).Message.ShouldContain("Chimera:Provenance:Adapters:0:Influencers");
                return;
            }

            options.BuildKeyring().Keys.ShouldHaveSingleItem().MaySpeakFor(query).ShouldBe(Allowed(listed, query), $"[{string.Join(", ", listed)}] for '{query}'");
        }, iter: 2_000);
}
