using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.EndToEnd.Tests.Configuration;

/// <summary>
/// Spec §7.3 through the documented configuration path and real Redis: a silo process whose only key lists
/// <c>alpha</c>, configured by environment variables exactly as the README shows (and, in the second test, by the
/// silo's appsettings.json), applies alpha's signed events and dead-letters beta's as <c>adapter_not_authorized</c>;
/// <c>mcp.perception.influencer.latest:beta</c> never appears. A key without a list does not start; <c>*</c> does, with
/// a warning.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class KeyringFromConfigurationTests
{
    private static readonly AdapterKey AlphaOnly = TestKeys.Create("adapter-alpha", "k1", ["alpha"]);

    [Fact]
    public async Task KeyBoundFromEnvironmentVariables_SpeaksForAlpha_AndBetaIsDeadLetteredNotApplied()
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = TestKeys.Environment(AlphaOnly);
        environment["ConnectionStrings__Redis"] = redis.ConnectionString;
        await using var silo = await SiloProcess.StartAsync(environment);

        await ShouldApplyAlphaAndDeadLetterBetaAsync(redis, silo);
    }

    [Fact]
    public async Task KeyBoundFromAppSettingsJson_SpeaksForAlpha_AndBetaIsDeadLetteredNotApplied()
    {
        await using var redis = await RedisServer.StartAsync();
        using var copy = new SiloCopy($$"""
            {
              "ConnectionStrings": { "Redis": "{{redis.ConnectionString}}" },
              "Chimera": { "Provenance": { "Adapters": [
                { "AdapterId": "{{AlphaOnly.AdapterId}}", "KeyId": "{{AlphaOnly.KeyId}}", "Secret": "{{Convert.ToBase64String(AlphaOnly.Secret)}}", "Influencers": [ "alpha" ] } ] } }
            }
            """);
        await using var silo = await SiloProcess.StartAsync(siloDll: copy.SiloDll);

        await ShouldApplyAlphaAndDeadLetterBetaAsync(redis, silo);
        silo.Output.ShouldNotContain("may speak for every influencer");
    }

    [Fact]
    public async Task KeyWithoutInfluencers_DoesNotStart_AndTheErrorNamesTheSetting()
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = TestKeys.Environment(AlphaOnly);
        environment.Remove("Chimera__Provenance__Adapters__0__Influencers__0");
        environment["ConnectionStrings__Redis"] = redis.ConnectionString;

        var error = await Should.ThrowAsync<InvalidOperationException>(() => SiloProcess.StartAsync(environment));

        error.Message.ShouldContain("exited with code 2");
        error.Message.ShouldContain("Chimera:Provenance:Adapters:0:Influencers lists no influencers");
    }

    [Fact]
    public async Task KeyWithAnEmptyInfluencerListInAppSettingsJson_DoesNotStart()
    {
        using var copy = new SiloCopy($$"""
            { "ConnectionStrings": { "Redis": "127.0.0.1:1" },
              "Chimera": { "Provenance": { "Adapters": [
                { "AdapterId": "a", "KeyId": "k1", "Secret": "{{Convert.ToBase64String(AlphaOnly.Secret)}}", "Influencers": [] } ] } } }
            """);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => SiloProcess.StartAsync(siloDll: copy.SiloDll));

        error.Message.ShouldContain("exited with code 2");
        error.Message.ShouldContain("Chimera:Provenance:Adapters:0:Influencers");
    }

    [Fact]
    public async Task StarWrittenExplicitly_Starts_AndIsLoggedAsAWarning()
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = TestKeys.Environment(TestKeys.Create("adapter-fleet", "k1", [AdapterKey.AnyInfluencer]));
        environment["ConnectionStrings__Redis"] = redis.ConnectionString;

        await using var silo = await SiloProcess.StartAsync(environment);

        await Eventually.TrueAsync(() => Task.FromResult(silo.Output.Contains("Chimera:Provenance:Adapters:0 (adapter-fleet/k1) may speak for every influencer", StringComparison.Ordinal)),
            "the start-up warning about '*'");
    }

    private static async Task ShouldApplyAlphaAndDeadLetterBetaAsync(RedisServer redis, SiloProcess silo)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var now = DateTimeOffset.UtcNow;
        foreach (var id in new[] { "alpha", "beta" })
        {
            var entry = StatusEvents.Sign(StatusEvents.Create(id, now), AlphaOnly);
            await StatusStreams.AddAsync(db, entry, id);
        }

        await Eventually.TrueAsync(() => db.KeyExistsAsync("mcp.perception.influencer.latest:alpha"), $"alpha's status to be applied; silo output:\n{silo.Output}", TimeSpan.FromSeconds(60));
        var letter = await Eventually.ReturnsAsync(() => db.StreamRangeAsync(PerceptionNames.DeadLetterTopic), l => l.Length > 0, "beta's entry to be dead-lettered", TimeSpan.FromSeconds(60));
        ((string?)letter.ShouldHaveSingleItem()["reason"]).ShouldBe(RejectCodes.AdapterNotAuthorized);
        (await db.KeyExistsAsync("mcp.perception.influencer.latest:beta")).ShouldBeFalse();
    }
}
