namespace RnnAtlas.Tasks;

/// <summary>
/// One table of a configuration file as a task reads its parameters from it: every read marks the key as known, a
/// missing key gives the fallback, and a wrong type is an <see cref="InvalidConfigurationException"/> naming the field.
/// </summary>
public interface IConfigSection
{
    /// <summary>Whether <paramref name="key"/> is present.</summary>
    bool Has(string key);

    /// <summary>An integer value, or <paramref name="fallback"/> when absent.</summary>
    int Int(string key, int fallback);

    /// <summary>A number, or <paramref name="fallback"/> when absent.</summary>
    double Double(string key, double fallback);
}
