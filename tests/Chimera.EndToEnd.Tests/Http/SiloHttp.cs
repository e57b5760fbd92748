using System.Net.Http.Json;
using System.Text.Json;
using Chimera.Testing;

namespace Chimera.EndToEnd.Tests.Http;

/// <summary>Small helpers for a silo's HTTP port in tests.</summary>
internal static class SiloHttp
{
    public static HttpClient Client(SiloProcess silo) => new() { BaseAddress = silo.HttpBase, Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    public static async Task<(int Status, JsonElement Body)> PostJsonAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return ((int)response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Every metric family name (the <c># TYPE</c> lines) of <c>/metrics</c>, and the text.</summary>
    public static async Task<(HashSet<string> Families, string Text)> MetricsAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);
        return (families, text);
    }

    public static Task<ProcessRunner.Result> CliAsync(SiloProcess silo, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryLayout.CliDll, "--gateway", silo.Gateway, "--connect-timeout", "60", .. arguments]);
}
