using Chimera.EndToEnd.Tests.Http;
using Chimera.Testing;
using Microsoft.Playwright;

namespace Chimera.EndToEnd.Tests.Page;

/// <summary>
/// The live registry page (spec §10) in a real headless browser: Microsoft.Playwright driving Debian's chromium
/// (never a downloaded browser), against a real silo process. A change published through the real path (CLI →
/// ingest grain → status stream → influencer grain → audit → change stream → server-sent events) must appear on the
/// page by itself. The test leaves a screenshot; with CHIMERA_UPDATE_SCREENSHOT=1 it also refreshes
/// docs/registry-page.png, the one the README shows.
/// </summary>
[Trait(TestCategories.Name, TestCategories.EndToEnd)]
public sealed class RegistryPageBrowserTests
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // As dotnet.md's "Known to work": without the background-networking flags Chromium keeps dialing out of a closed network.
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private static readonly float Timeout = 30_000;

    [Fact]
    public async Task The_page_shows_the_registry_live_filters_routes_and_follows_a_published_change()
    {
        File.Exists(ChromiumPath).ShouldBeTrue($"{ChromiumPath} is missing: install Debian's chromium (scripts/test.sh does: apt-get install chromium)");
        await using var silo = await SiloProcess.StartAsync(arguments: ["--demo", "8", "--Chimera:Demo:RefreshInterval=00:00:01", "--Chimera:Demo:ProbeAnswerDelay=00:00:00.5"]);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1100 } });
        page.SetDefaultTimeout(Timeout);
        await page.GotoAsync(silo.HttpBase.ToString());

        // Live: the stream is open and the counts show the demo's eight influencers.
        await Assertions.Expect(page.Locator("#stream-state")).ToHaveAttributeAsync("data-state", "open", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("8", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#silo-rows tr[data-status=Active]")).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // A change published through the real path appears on the page without a reload.
        var published = await SiloHttp.CliAsync(silo, "publish", "--influencer", "browser-proof", "--status", "busy", "--capability", "video-gen:v2", "--task", "render the proof clip");
        published.ExitCode.ShouldBe(0, published.ToString());
        var change = page.Locator("#change-list li[data-influencer=browser-proof]");
        await Assertions.Expect(change).ToHaveCountAsync(1, new() { Timeout = Timeout });
        (await change.GetAttributeAsync("data-kind")).ShouldBe("status_change");
        await Assertions.Expect(change).ToContainTextAsync("busy");
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync("9", new() { Timeout = Timeout });

        // Filters: by status, by capability, by staleness; a bad capability says why.
        await page.SelectOptionAsync("#filters select[name=status]", "busy");
        await Assertions.Expect(page.Locator("#influencer-rows tr[data-influencer=browser-proof]")).ToHaveCountAsync(1, new() { Timeout = Timeout });
        foreach (var status in await page.Locator("#influencer-rows tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)"))
        {
            status.ShouldBe("busy");
        }

        await page.SelectOptionAsync("#filters select[name=status]", "");
        await page.FillAsync("#filters input[name=capability]", "no-such-skill:v1");
        await Assertions.Expect(page.Locator("#influencer-rows tr")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await page.FillAsync("#filters input[name=capability]", "video-gen");
        await Assertions.Expect(page.Locator("#filter-error")).ToContainTextAsync("name:vN", new() { Timeout = Timeout });
        await page.FillAsync("#filters input[name=capability]", "");
        await page.SelectOptionAsync("#filters select[name=stale]", "false");
        await Assertions.Expect(page.Locator("#influencer-rows tr[data-stale=true]")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await page.SelectOptionAsync("#filters select[name=stale]", "any");
        await Assertions.Expect(page.Locator("#filter-error")).ToBeEmptyAsync(new() { Timeout = Timeout });

        // The route tester: the ranked answer and what it passed over (browser-proof is busy, so never a candidate).
        await page.FillAsync("#route-form input[name=capabilities]", "video-gen:v2");
        await page.SelectOptionAsync("#route-form select[name=cost]", "high");
        await page.FillAsync("#route-form input[name=count]", "3");
        await page.ClickAsync("#route-form button[type=submit]");
        await Assertions.Expect(page.Locator("#route-summary")).ToContainTextAsync("matched", new() { Timeout = Timeout });
        await Assertions.Expect(page.Locator("#route-candidates li[data-influencer=browser-proof]")).ToHaveCountAsync(0);
        (await page.Locator("#route-probes li").CountAsync()).ShouldBeGreaterThan(0);
        await page.FillAsync("#route-form input[name=capabilities]", "video-gen");
        await page.ClickAsync("#route-form button[type=submit]");
        await Assertions.Expect(page.Locator("#route-error")).ToContainTextAsync("name:vN", new() { Timeout = Timeout });

        // Dead letters by reason: an entry signed with a key the silo does not know is dead-lettered and counted.
        var forged = await ProcessRunner.RunAsync("dotnet",
            [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "--connect-timeout", "60", "publish", "--influencer", "browser-forged", "--status", "online", .. ProductionKey.CliFlags],
            ProductionKey.CliEnvironment());
        forged.ExitCode.ShouldBe(4, forged.ToString());
        await Assertions.Expect(page.Locator("#deadletter-reasons tr[data-reason=unknown_adapter]")).ToHaveCountAsync(1, new() { Timeout = Timeout });

        // Put the route tester back to a useful answer for the picture, then take it.
        await page.FillAsync("#route-form input[name=capabilities]", "video-gen:v2");
        await page.ClickAsync("#route-form button[type=submit]");
        await Assertions.Expect(page.Locator("#route-error")).ToBeEmptyAsync(new() { Timeout = Timeout });
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "registry-page.png"), screenshot);
        if (Environment.GetEnvironmentVariable("CHIMERA_UPDATE_SCREENSHOT") == "1")
        {
            Directory.CreateDirectory(Path.Combine(RepositoryLayout.Root, "docs"));
            await File.WriteAllBytesAsync(Path.Combine(RepositoryLayout.Root, "docs", "registry-page.png"), screenshot);
        }
    }
}
