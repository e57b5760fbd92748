using System.Text.Json;
using System.Text.Json.Serialization;
using Chimera.Contracts.Model;

namespace Chimera.Contracts.Wire;

/// <summary>Writes a capability as its descriptor, <c>video-gen:v2</c>.</summary>
public sealed class CapabilityJsonConverter : JsonConverter<Capability>
{
    public override Capability Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Capability.Parse(reader.GetString() ?? "");

    public override void Write(Utf8JsonWriter writer, Capability value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
