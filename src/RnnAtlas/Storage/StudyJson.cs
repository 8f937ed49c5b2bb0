using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnAtlas.Storage;

/// <summary>The JSON conventions of every file RnnAtlas writes: snake_case names, lowercase enum strings.</summary>
public static class StudyJson
{
    /// <summary>Indented, for files people read.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(true);

    /// <summary>Compact and order-stable, for content addresses.</summary>
    public static JsonSerializerOptions Canonical { get; } = Create(false);

    private static JsonSerializerOptions Create(bool indented) => new()
    {
        WriteIndented = indented,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}
