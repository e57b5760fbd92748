using Chimera.Silo;
using Chimera.Silo.Http;
using Chimera.Testing;
using Microsoft.Extensions.Options;

namespace Chimera.Tests.Silo.Hosting;

/// <summary>The silo's command line (System.CommandLine) and its HTTP setting, parsed without starting a host.</summary>
[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class SiloCommandTests
{
    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SiloCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_names_the_commands_flags_and_main_settings()
    {
        var (code, output, _) = await Run("--help");

        code.ShouldBe(0);
        foreach (var text in new[] { "migrate", "--demo", "--json-logs", "Chimera:Http:Urls", "ConnectionStrings:Postgres", "orleans_membership" })
        {
            output.ShouldContain(text);
        }
    }

    [Theory]
    [InlineData("stray")]
    [InlineData("--demo", "0")]
    [InlineData("--demo", "many")]
    [InlineData("--Chimera:SiloPort")]
    [InlineData("--", "x")]
    public async Task Bad_arguments_exit_2_with_one_line(params string[] args)
    {
        var (code, output, error) = await Run(args);

        code.ShouldBe(SiloCommand.Usage);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldNotContain('\n');
        error.ShouldStartWith("chimera silo: ");
    }

    [Fact]
    public async Task Migrate_without_a_connection_string_names_the_setting()
    {
        var (code, _, _) = await Run("migrate", "--ConnectionStrings:Postgres=");

        code.ShouldBe(SiloCommand.Usage);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Password=hunter2-secret;Flavour=x")]
    [InlineData("Password=hunter2-secret;x")]
    [InlineData("127.0.0.1:6379,=")] // Npgsql throws KeyNotFoundException here, not ArgumentException
    public async Task Migrate_with_a_connection_string_npgsql_cannot_read_is_one_line_naming_the_setting(string connectionString)
    {
        var (code, output, error) = await Run("migrate", $"--ConnectionStrings:Postgres={connectionString}");

        code.ShouldBe(SiloCommand.Usage);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldNotContain('\n');
        error.ShouldStartWith("chimera silo: ConnectionStrings:Postgres is not a valid Npgsql connection string");
        error.ShouldNotContain("hunter2-secret");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "127.0.0.1", 8080)]
    [InlineData("http://0.0.0.0:9000/", "0.0.0.0", 9000)]
    [InlineData("http://[::1]:8081", "::1", 8081)]
    [InlineData("http://localhost:8082", null, 8082)]
    public void Http_urls_are_parsed_to_endpoints(string urls, string? address, int port)
    {
        var endpoint = new ChimeraHttpOptions { Urls = urls }.Endpoints().ShouldHaveSingleItem();

        endpoint.Address?.ToString().ShouldBe(address);
        endpoint.Port.ShouldBe(port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://example.org:8080")]
    [InlineData("http://127.0.0.1:8080/prefix")]
    [InlineData("127.0.0.1:8080")]
    public void Unusable_http_urls_fail_naming_the_setting(string urls)
    {
        Should.Throw<OptionsValidationException>(() => new ChimeraHttpOptions { Urls = urls }.Endpoints()).Message.ShouldContain("Chimera:Http:Urls");
    }

    [Fact]
    public void Several_urls_listen_on_each()
    {
        new ChimeraHttpOptions { Urls = "http://127.0.0.1:8080; http://[::1]:8080" }.Endpoints().Count.ShouldBe(2);
    }
}
