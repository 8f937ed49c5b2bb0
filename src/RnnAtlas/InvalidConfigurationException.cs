namespace RnnAtlas;

/// <summary>
/// A configuration value was rejected. The message names the source (file or flag), the field and the value found,
/// and says what is allowed, so that a user can fix the input from the message alone.
/// </summary>
public sealed class InvalidConfigurationException : Exception
{
    /// <summary>Creates the exception for <paramref name="field"/> holding <paramref name="value"/>.</summary>
    public InvalidConfigurationException(string field, string value, string expected, string? source = null)
        : base($"{(source is null ? "" : source + ": ")}{field} = {value}: {expected}")
    {
        Field = field;
        Value = value;
        Expected = expected;
        Origin = source;
    }

    /// <summary>The rejected field, in dotted config notation (e.g. <c>task.bits</c>).</summary>
    public string Field { get; }

    /// <summary>The value that was found, as text.</summary>
    public string Value { get; }

    /// <summary>What would have been accepted.</summary>
    public string Expected { get; }

    /// <summary>Where the value came from (a file path or a command-line flag), when known.</summary>
    public string? Origin { get; }

    /// <summary>Returns the same error attributed to <paramref name="source"/>.</summary>
    public InvalidConfigurationException WithSource(string source) => new(Field, Value, Expected, source);

    /// <summary>Throws unless <paramref name="low"/> ≤ <paramref name="value"/> ≤ <paramref name="high"/>.</summary>
    public static void ThrowIfOutside(string field, double value, double low, double high)
    {
        if (!(value >= low && value <= high))
        {
            throw new InvalidConfigurationException(field, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), $"must be in [{low}, {high}]");
        }
    }

    /// <summary>Throws unless <paramref name="low"/> ≤ <paramref name="value"/> ≤ <paramref name="high"/>.</summary>
    public static void ThrowIfOutside(string field, int value, int low, int high)
    {
        if (value < low || value > high)
        {
            throw new InvalidConfigurationException(field, value.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be an integer in [{low}, {high}]");
        }
    }
}
