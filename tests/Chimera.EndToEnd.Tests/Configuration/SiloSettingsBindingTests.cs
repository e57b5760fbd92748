using System.Text.Json;
using Chimera.Contracts.Model;
using Chimera.Contracts.Provenance;
using Chimera.Contracts.Spec;
using Chimera.Contracts.Validation;
using Chimera.Contracts.Wire;
using Chimera.Testing;
using StackExchange.Redis;

namespace Chimera.EndToEnd.Tests.Configuration;

/// <summary>
/// The silo's documented settings (README "Configuration") reach the running silo through both documented paths:
/// environment variables and the silo's own appsettings.json. One real silo process on real Redis per path, with
/// every setting below moved off its default, so each observation fails if its section was not bound:
/// <list type="bullet">
/// <item><c>Chimera:Redis:Partitions</c> 3 and <c>:ConsumerGroup</c>: the silo's group sits on exactly three stream keys.</item>
/// <item><c>Chimera:Ingress:ReplayWindow</c> 45 s: an event 90 s old is dead-lettered (the default, 10 min, applies it).</item>
/// <item><c>Chimera:Ingress:MaxClockSkew</c> 5 s: an event 20 s ahead is dead-lettered (the default, 30 s, applies it).</item>
/// <item><c>Chimera:Cadence:Conservative</c>: relevance 1.0 gets the 240 s TTL (spec §3), not 60 s.</item>
/// <item><c>Chimera:Announce:DisplayNames</c> and <c>:PublicCapabilityAllowList</c>: the announce carries the display
/// name and only the allowed capability (spec §6).</item>
/// </list>
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class SiloSettingsBindingTests
{
    private const int Partitions = 3;
    private const string Group = "bound-group";
    private const string DisplayName = "Alpha Star";
    private static readonly AdapterKey Key = TestKeys.Create("adapter-settings", "k1", ["alpha", "beta", "gamma"]);

    [Fact]
    public async Task SettingsFromEnvironmentVariables_AreHonouredByTheRunningSilo()
    {
        await using var redis = await RedisServer.StartAsync();
        var environment = TestKeys.Environment(Key);
        environment["ConnectionStrings__Redis"] = redis.ConnectionString;
        environment["Chimera__Redis__Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Chimera__Redis__ConsumerGroup"] = Group;
        environment["Chimera__Ingress__ReplayWindow"] = "00:00:45";
        environment["Chimera__Ingress__MaxClockSkew"] = "00:00:05";
        environment["Chimera__Cadence__Conservative"] = "true";
        environment["Chimera__Announce__DisplayNames__alpha"] = DisplayName;
        environment["Chimera__Announce__PublicCapabilityAllowList__0"] = "video-gen";
        await using var silo = await SiloProcess.StartAsync(environment);

        await ShouldHonourEverySettingAsync(redis, silo);
    }

    [Fact]
    public async Task SettingsFromAppSettingsJson_AreHonouredByTheRunningSilo()
    {
        await using var redis = await RedisServer.StartAsync();
        using var copy = new SiloCopy($$"""
            {
              "ConnectionStrings": { "Redis": "{{redis.ConnectionString}}" },
              "Chimera": {
                "Provenance": { "Adapters": [
                  { "AdapterId": "{{Key.AdapterId}}", "KeyId": "{{Key.KeyId}}", "Secret": "{{Convert.ToBase64String(Key.Secret)}}",
                    "Influencers": [ "alpha", "beta", "gamma" ] } ] },
                "Redis": { "Partitions": {{Partitions}}, "ConsumerGroup": "{{Group}}" },
                "Ingress": { "ReplayWindow": "00:00:45", "MaxClockSkew": "00:00:05" },
                "Cadence": { "Conservative": true },
                "Announce": { "DisplayNames": { "alpha": "{{DisplayName}}" }, "PublicCapabilityAllowList": [ "video-gen" ] }
              }
            }
            """);
        await using var silo = await SiloProcess.StartAsync(siloDll: copy.SiloDll);

        await ShouldHonourEverySettingAsync(redis, silo);
    }

    private static async Task ShouldHonourEverySettingAsync(RedisServer redis, SiloProcess silo)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();

        // Chimera:Redis: the receivers created their group on partitions 0..2 and on no other key.
        for (var partition = 0; partition < StatusPartitioner.DefaultPartitions; partition++)
        {
            var key = StatusPartitioner.StreamKey(PerceptionNames.StatusTopic, partition);
            if (partition < Partitions)
            {
                var groups = await Eventually.ReturnsAsync(() => db.StreamGroupInfoAsync(key), g => g.Length > 0,
                    $"a consumer group on {key}; silo output:\n{silo.Output}", TimeSpan.FromSeconds(60));
                groups.Select(g => g.Name).ShouldBe([Group], $"the groups on {key}");
            }
            else
            {
                (await db.KeyExistsAsync(key)).ShouldBeFalse($"{key} exists, so Chimera:Redis:Partitions ({Partitions}) was not bound");
            }
        }

        var now = DateTimeOffset.UtcNow;
        await AddAsync(db, StatusEvents.Create("alpha", now, relevance: 1.0, capabilities: ["video-gen:v2", "captioning:v1"]));
        await AddAsync(db, StatusEvents.Create("beta", now.AddSeconds(-90)));
        await AddAsync(db, StatusEvents.Create("gamma", now.AddSeconds(20)));

        // Chimera:Cadence: relevance 1.0 beats every 30 s (TTL 60 s); conservative cadence beats every 120 s (TTL 240 s).
        var latest = await Eventually.ReturnsAsync(() => db.StringGetAsync(LatestStatusJson.Key("alpha")), v => v.HasValue,
            $"alpha's status to be applied; silo output:\n{silo.Output}", TimeSpan.FromSeconds(60));
        using (var document = JsonDocument.Parse((string)latest!))
        {
            document.RootElement.GetProperty("ttl_ms").GetInt64().ShouldBe((long)HeartbeatCadence.Ttl(1.0, conservative: true).TotalMilliseconds,
                "Chimera:Cadence:Conservative was not bound");
        }

        // Chimera:Ingress: beta is older than the 45 s window, gamma further ahead than the 5 s skew; both would pass the defaults.
        var letters = await Eventually.ReturnsAsync(() => db.StreamRangeAsync(PerceptionNames.DeadLetterTopic), l => l.Length >= 2,
            $"beta's and gamma's entries to be dead-lettered; silo output:\n{silo.Output}", TimeSpan.FromSeconds(60));
        letters.Select(InfluencerOf).Order(StringComparer.Ordinal).ShouldBe(["beta", "gamma"]);
        letters.Select(l => (string?)l[DeadLetterJson.ReasonField]).ShouldAllBe(reason => reason == RejectCodes.OutsideReplayWindow);
        (await db.KeyExistsAsync(LatestStatusJson.Key("beta"))).ShouldBeFalse();
        (await db.KeyExistsAsync(LatestStatusJson.Key("gamma"))).ShouldBeFalse();

        // Chimera:Announce: alpha's first appearance is announced under its display name, with only video-gen public.
        var announce = await Eventually.ReturnsAsync(() => db.StreamRangeAsync(PerceptionNames.AnnounceTopic), a => a.Length > 0,
            $"alpha's announcement; silo output:\n{silo.Output}", TimeSpan.FromSeconds(60));
        using (var document = JsonDocument.Parse((string)announce[0]["event"]!))
        {
            var payload = document.RootElement.GetProperty("payload");
            payload.GetProperty("influencer_id").GetString().ShouldBe("alpha");
            payload.GetProperty("display_name").GetString().ShouldBe(DisplayName, "Chimera:Announce:DisplayNames was not bound");
            payload.GetProperty("capabilities_public").EnumerateArray().Select(c => c.GetString()).ShouldBe(["video-gen:v2"],
                "Chimera:Announce:PublicCapabilityAllowList was not bound");
        }
    }

    private static Task AddAsync(IDatabase db, StatusEvent statusEvent) =>
        StatusStreams.AddAsync(db, StatusEvents.Sign(statusEvent, Key), statusEvent.InfluencerId, Partitions);

    /// <summary>The influencer of a letter's original entry (the letter keeps the entry's fields), read as the silo reads it.</summary>
    private static string? InfluencerOf(StreamEntry letter) => StatusEventJson.PeekInfluencerId((byte[])letter[SignedEntryFields.Event]!);
}
