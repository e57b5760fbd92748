using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chimera.Silo.Http.Health;

/// <summary>The body of <c>/health/*</c>: the overall status and each check's status and reason, as JSON.</summary>
internal static class HealthResponse
{
    public const string ReadyTag = "ready";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description ?? e.Value.Exception?.Message }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
