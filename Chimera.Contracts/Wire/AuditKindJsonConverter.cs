using System.Text.Json;
using System.Text.Json.Serialization;
using Chimera.Contracts.Grains;

namespace Chimera.Contracts.Wire;

/// <summary>Writes an audit kind as <see cref="AuditKindNames"/> spells it (<c>status_change</c>, …), as the CLI's text does.</summary>
public sealed class AuditKindJsonConverter : JsonConverter<AuditKind>
{
    public override AuditKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        AuditKindNames.TryParse(reader.GetString(), out var kind) ? kind : throw new JsonException("not an audit kind");

    public override void Write(Utf8JsonWriter writer, AuditKind value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
