using Chimera.Cli;
using Chimera.Testing;

namespace Chimera.Tests.Cli;

[Trait(TestCategories.Name, TestCategories.Unit)]
public sealed class CliTests
{
    private static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ChimeraCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Help_ListsEveryCommandAndTheExitCodes()
    {
        var (code, output, _) = await Run("--help");

        code.ShouldBe(0);
        foreach (var command in new[] { "status", "list", "route", "probe-result", "history", "as-of", "counts", "publish", "watch", "top", "adapter" })
        {
            output.ShouldContain(command);
        }

        output.ShouldContain("3 cluster unreachable");
    }

    [Fact]
    public async Task BadCapability_ExitsTwoWithOneClearLine()
    {
        var (code, output, error) = await Run("route", "--capability", "video-gen");

        code.ShouldBe(2);
        output.ShouldBeEmpty();
        error.TrimEnd().ShouldNotContain('\n');
        error.ShouldContain("capability 'video-gen' is not of the form name:vN");
    }

    [Theory]
    [InlineData("status", "bad id!")]
    [InlineData("route", "--capability", "video-gen:v2", "--count", "101")]
    [InlineData("route", "--capability", "video-gen:v2", "--count", "abc")]
    [InlineData("watch", "--from", "-3")]
    [InlineData("watch", "--from", "yesterday")]
    [InlineData("watch", "--kind", "StatusChange")]
    [InlineData("watch", "--count", "x")]
    [InlineData("top", "--iterations", "many")]
    [InlineData("probe-result", "alpha", "probe-1")]
    [InlineData("publish", "--influencer", "alpha", "--status", "sleeping")]
    [InlineData("publish", "--influencer", "alpha", "--status", "online", "--load", "1.5")]
    [InlineData("adapter", "serve", "--influencer", "alpha", "--listen", "0.0.0.0:7300")]
    [InlineData("list", "--gateway", "a:1", "--postgres", "Host=x")]
    [InlineData("publish", "--influencer", "alpha", "--status", "online", "--via", "redis")]
    [InlineData("publish", "--influencer", "alpha", "--status", "online", "--via", "kafka")]
    public async Task InvalidArguments_ExitTwo(params string[] args)
    {
        var (code, _, error) = await Run(args);

        code.ShouldBe(2);
        error.ShouldStartWith("chimera: ");
    }

    [Fact]
    public async Task NoCluster_ExitsThreeNamingTheGateway()
    {
        var (code, _, error) = await Run("status", "alpha", "--gateway", "127.0.0.1:1", "--connect-timeout", "2", "--json");

        code.ShouldBe(3);
        error.ShouldContain("127.0.0.1:1");
    }

    [Fact]
    public async Task Route_WithNoCapability_IsAValidRequest_SoItGoesOnToConnect()
    {
        // Spec §5 allows a route that requires no capability: the arguments pass and the CLI tries the cluster (exit 3),
        // where a parse refusal would exit 2.
        var (code, _, error) = await Run("route", "--gateway", "127.0.0.1:1", "--connect-timeout", "2");

        code.ShouldBe(3, error);
        error.ShouldContain("127.0.0.1:1");
    }
}
