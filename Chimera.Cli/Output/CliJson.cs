using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chimera.Cli.Output;

/// <summary>The JSON shape of <c>--json</c>: snake_case names, wire spellings of statuses and capabilities.</summary>
internal static class CliJson
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
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
