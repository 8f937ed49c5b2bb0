using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RnnAtlas.Storage;

namespace RnnAtlas.Training;

/// <summary>
/// A network's stable id: a readable prefix (task, cell, activation, hidden size) and the first 12 hex digits of the
/// SHA-256 of its canonical config JSON, e.g. <c>flipflop-gru-tanh-h64-3fa2c1d9e0b4</c>. Reruns of the same sweep find
/// finished work by this id; any change to any setting gives a new id.
/// </summary>
public readonly record struct NetworkId(string Value)
{
    /// <summary>The id of <paramref name="config"/>.</summary>
    public static NetworkId Of(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var canonical = JsonSerializer.Serialize(config, StudyJson.Canonical);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..12];
        return new NetworkId(string.Create(CultureInfo.InvariantCulture,
            $"{config.Task.Name}-{config.Cell.ToString().ToLowerInvariant()}-{config.Activation.ToString().ToLowerInvariant()}-h{config.HiddenSize}-{hash}"));
    }

    /// <inheritdoc />
    public override string ToString() => Value;
}
