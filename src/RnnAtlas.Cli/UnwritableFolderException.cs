namespace RnnAtlas.Cli;

/// <summary>The output folder cannot be created or written.</summary>
internal sealed class UnwritableFolderException(string folder, Exception inner)
    : Exception($"--out {folder}: cannot create or write the study folder ({inner.Message})", inner);
