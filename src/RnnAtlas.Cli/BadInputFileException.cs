namespace RnnAtlas.Cli;

/// <summary>A file named on the command line is missing or unreadable (bad input, not a damaged study).</summary>
internal sealed class BadInputFileException(string flag, Exception inner)
    : Exception($"{flag}: {inner.Message}", inner);
