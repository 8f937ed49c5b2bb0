using System.Globalization;

namespace RnnAtlas.Cli;

/// <summary>Parsing of numeric and named flags shared by every command; errors name the flag and the value.</summary>
internal static class Flags
{
    public static int Integer(string text, string flag) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidConfigurationException(flag, text, "must be an integer");

    public static double Number(string text, string flag) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidConfigurationException(flag, text, "must be a finite number");

    public static T Enum<T>(string text, string flag)
        where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value
            : throw new InvalidConfigurationException(flag, text, $"must be one of {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}");

    public static int Threads(string? text)
    {
        if (text is null)
        {
            return Environment.ProcessorCount;
        }
        var threads = Integer(text, "--threads");
        InvalidConfigurationException.ThrowIfOutside("--threads", threads, 1, 1024);
        return threads;
    }
}
