using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chimera.Contracts.Wire;

/// <summary>
/// The JSON shape Chimera shows outside Orleans (the CLI's <c>--json</c>, the silo's HTTP API and page): snake_case
/// names, the wire spellings of statuses, audit kinds and capabilities, so one name means one thing everywhere.
/// </summary>
public static class ChimeraJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.Converters.Add(new CapabilityJsonConverter());
        options.Converters.Add(new InfluencerStatusJsonConverter());
        options.Converters.Add(new AuditKindJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
