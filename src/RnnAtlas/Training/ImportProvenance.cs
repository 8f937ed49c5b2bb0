namespace RnnAtlas.Training;

/// <summary>Where an imported network's weights came from, as recorded in its <c>config.json</c>.</summary>
/// <param name="Source">The weight file's name (without its folder, so that moving the file keeps the id).</param>
/// <param name="Sha256">The weight file's SHA-256, lower-case hex.</param>
/// <param name="Format"><c>safetensors</c> or <c>npz</c>.</param>
/// <param name="Prefix">The recurrent module's prefix in the state dict (e.g. <c>rnn.</c>; empty for none).</param>
/// <param name="ReadoutPrefix">The readout <c>nn.Linear</c>'s prefix (e.g. <c>readout.</c>).</param>
/// <param name="ZeroBiases">Biases absent from the file (a module built with <c>bias=False</c>), set to zero, by RnnAtlas name.</param>
public sealed record ImportProvenance(string Source, string Sha256, string Format, string Prefix, string ReadoutPrefix, IReadOnlyList<string> ZeroBiases)
{
    /// <summary>Always <c>imported</c>: marks the network as trained outside RnnAtlas.</summary>
    public string Origin { get; init; } = "imported";
}
