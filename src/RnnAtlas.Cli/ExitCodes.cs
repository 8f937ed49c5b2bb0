namespace RnnAtlas.Cli;

/// <summary>Process exit codes of <c>rnnatlas</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad input: unknown command, option, task or key; a value out of range; an unwritable folder.</summary>
    public const int BadInput = 2;

    /// <summary>A study file on disk is missing, corrupt or of another schema.</summary>
    public const int BadStudy = 3;

    /// <summary>A file could not be written or read (disk full, I/O error); finished work is kept and a rerun resumes.</summary>
    public const int FileSystem = 4;

    /// <summary>Interrupted (Ctrl-C); finished work is kept and a rerun resumes.</summary>
    public const int Interrupted = 130;
}
