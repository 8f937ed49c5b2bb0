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

    /// <summary>Reads <paramref name="path"/> as a <typeparamref name="T"/> (see <see cref="InputFile"/> for the limits).</summary>
    /// <exception cref="InvalidDataException">Missing, not a regular file, too large, or not valid JSON for <typeparamref name="T"/>; the message names the file.</exception>
    public static T Read<T>(string path)
        where T : class
    {
        var text = InputFile.ReadAllText(path);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Indented) ?? throw new InvalidDataException($"{path}: empty (null) instead of a {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a valid {typeof(T).Name} ({e.Message})", e);
        }
    }

    /// <summary>
    /// A result file RnnAtlas wrote earlier, or null when it is missing, damaged in any way, or <paramref name="current"/>
    /// rejects it (another schema, out of step with the study): such a file is recomputed, never trusted.
    /// </summary>
    public static T? ReadOrNull<T>(string path, Func<T, bool> current)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var value = Read<T>(path);
            return current(value) ? value : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

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
