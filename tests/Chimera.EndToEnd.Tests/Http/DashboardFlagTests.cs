using System.Net;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>Chimera:Http:Dashboard turns the Orleans Dashboard off (and on, where the profile's default is off).</summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class DashboardFlagTests
{
    [Fact]
    public async Task The_dashboard_flag_turns_the_dashboard_off_in_the_embedded_profile()
    {
        await using var silo = await SiloProcess.StartAsync(arguments: ["--Chimera:Http:Dashboard=false"]);
        using var http = SiloHttp.Client(silo);

        (await http.GetAsync("/dashboard/")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.GetAsync("/health/live")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
