namespace RnnAtlas.Tests;

/// <summary>
/// Tests that measure wall-clock time (page load, Ctrl-C response, kills at fractions of a run, a Slurm cluster) run
/// alone, after the parallel tests, so that other tests' load does not decide their outcome.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "timing-sensitive";
}
