using System.Net;
using Chimera.Adapters.Redis;
using Chimera.Contracts.Validation;
using Chimera.Core.Outbound;
using Chimera.Postgres.Hosting;
using Chimera.Redis.Hosting;
using Chimera.Silo.Hosting;
using Chimera.Silo.Http;
using Chimera.Silo.Telemetry;
using Chimera.Testing;
using CsCheck;

namespace Chimera.Tests.Fuzzing;

/// <summary>
/// Configuration is input (CsCheck): for any text in the settings that take text, every validator returns (it never
/// throws), a value it accepts is one the consumer can use as the validator promised, and no message quotes a password.
/// </summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SettingsProperties
{
    private const string Password = "hunter2-secret";

    /// <summary>Fragments that make near-valid text likely, with any character (controls, lone surrogates) mixed in.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.String),
        (6, Gen.OneOf(
                "http://", "https://", "ftp://", "127.0.0.1", "[::1]", "::1", "0.0.0.0", "localhost", "example.org", ":", ":8080", ":0",
                ":99999", "/", "/x", "?q", "@", "user@", ";", " ", "%", "\u0000", "\u0085", "\ud800", "a", "-", "_", ".", "Alpha Studio")
            .Array[0, 8].Select(parts => string.Concat(parts))));

    private static readonly Gen<string> ConnectionString = Gen.Select(
        Gen.OneOf(
            "127.0.0.1:6379", "Host=127.0.0.1", $"password={Password}", $"Password={Password}", "connectTimeout=x", "Port=abc",
            "abortConnect=false", "ssl=maybe", "Database=chimera", "Flavour=1", "=", ",", ";", " ", "\u0000").Array[1, 6],
        Gen.OneOf(",", ";"),
        (parts, separator) => string.Join(separator, parts));

    [Fact]
    public void Http_urls_accepted_are_listened_on_as_promised() =>
        Text.Sample(urls =>
        {
            var options = new ChimeraHttpOptions { Urls = urls };
            var errors = new ChimeraHttpOptionsValidator().Errors(options);
            if (errors.Count > 0)
            {
                errors.ShouldAllBe(e => e.StartsWith("Chimera:Http:Urls", StringComparison.Ordinal));
                return;
            }

            var endpoints = options.Endpoints();
            endpoints.ShouldNotBeEmpty();
            endpoints.ShouldAllBe(e => e.Port >= 0 && e.Port <= 65535);
            urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldAllBe(u => u.StartsWith("http://", StringComparison.Ordinal));
        }, iter: 20_000);

    [Fact]
    public void An_advertised_address_is_accepted_exactly_when_it_is_an_ip_address() =>
        Text.Sample(address =>
        {
            var errors = new ChimeraSiloOptionsValidator().Errors(new ChimeraSiloOptions { AdvertisedAddress = address });
            errors.Count.ShouldBe(IPAddress.TryParse(address, out _) ? 0 : 1, address);
        }, iter: 20_000);

    [Fact]
    public void A_telemetry_endpoint_accepted_is_an_http_url_and_a_refusal_names_where_it_came_from() =>
        Gen.Select(Text, Gen.Bool).Sample((text, configured) =>
        {
            var options = new ChimeraTelemetryOptions { OtlpEndpoint = configured ? text : null };
            var environment = configured ? null : text;
            var errors = new ChimeraTelemetryOptionsValidator(environment).Errors(options);
            if (errors.Count > 0)
            {
                errors.ShouldHaveSingleItem().ShouldStartWith(configured ? "Chimera:Telemetry:OtlpEndpoint '" : "OTEL_EXPORTER_OTLP_ENDPOINT '");
                return;
            }

            options.TryResolveEndpoint(environment, out var endpoint, out _).ShouldBeTrue();
            (endpoint is null ? string.IsNullOrWhiteSpace(text) : endpoint.Scheme is "http" or "https").ShouldBeTrue(text);
        }, iter: 20_000);

    [Fact]
    public void A_display_name_accepted_is_printable_bounded_and_keyed_by_an_influencer_id() =>
        Gen.Select(Text, Text).Sample((influencerId, displayName) =>
        {
            var options = new AnnounceOptions { DisplayNames = { [influencerId] = displayName } };
            var accepted = new AnnounceOptionsValidator().Errors(options).Count == 0;

            var expected = Identifiers.InfluencerIdError(influencerId) is null
                && !string.IsNullOrWhiteSpace(displayName)
                && displayName.Length <= AnnounceOptionsValidator.MaxDisplayNameLength
                && TextRules.IsStorable(displayName);
            accepted.ShouldBe(expected, $"'{influencerId}' -> '{displayName}'");
        }, iter: 20_000);

    [Fact]
    public void An_allow_list_entry_accepted_can_match_a_capability() =>
        Text.Sample(name =>
        {
            var accepted = new AnnounceOptionsValidator().Errors(new AnnounceOptions { PublicCapabilityAllowList = [name] }).Count == 0;

            accepted.ShouldBe(Chimera.Contracts.Model.Capability.TryParse(name + ":v1", out var capability, out _) && capability.Name == name, name);
        }, iter: 20_000);

    [Fact]
    public void Connection_strings_are_judged_without_ever_being_quoted() =>
        ConnectionString.Sample(text =>
        {
            var messages = ChimeraPostgresOptionsValidator.Instance.Errors(new ChimeraPostgresOptions { ConnectionString = text })
                .Concat(RedisAdapterTransportOptionsValidator.Instance.Errors(new RedisAdapterTransportOptions { ConnectionString = text }))
                .Concat(new ChimeraRedisOptionsValidator().Errors(new ChimeraRedisOptions { ConnectionString = text }));

            messages.ShouldAllBe(m => !m.Contains(Password, StringComparison.Ordinal));
        }, iter: 20_000);
}
