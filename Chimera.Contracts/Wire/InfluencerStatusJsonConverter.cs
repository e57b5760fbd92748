using System.Text.Json;
using System.Text.Json.Serialization;
using Chimera.Contracts.Model;

namespace Chimera.Contracts.Wire;

/// <summary>Writes a status with its wire spelling (<c>online</c>, …).</summary>
public sealed class InfluencerStatusJsonConverter : JsonConverter<InfluencerStatus>
{
    public override InfluencerStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        InfluencerStatusNames.TryParse(reader.GetString(), out var status) ? status : throw new JsonException("not a status");

    public override void Write(Utf8JsonWriter writer, InfluencerStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
