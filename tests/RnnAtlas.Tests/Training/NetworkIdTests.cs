using RnnAtlas.Cells;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Training;

public sealed class NetworkIdTests
{
    private static readonly NetworkConfig Config = new(new FlipFlopTask(), CellKind.Gru, Activation.Tanh, 64, 1e-4, 0.01, 0, new TrainingOptions());

    [Fact]
    public void IdIsAReadablePrefixAndAHashOfTheWholeConfig()
    {
        Assert.Matches("^flipflop-gru-tanh-h64-[0-9a-f]{12}$", Config.Id.Value);
        Assert.Equal(Config.Id, (Config with { }).Id);
        Assert.NotEqual(Config.Id, (Config with { L2 = 1e-3 }).Id);
        Assert.NotEqual(Config.Id, (Config with { Seed = 1 }).Id);
        Assert.NotEqual(Config.Id, (Config with { Task = new FlipFlopTask(PulseProbability: 0.1) }).Id);
        Assert.NotEqual(Config.Id, (Config with { Training = new TrainingOptions { BatchSize = 32 } }).Id);
    }

    [Fact]
    public void IdIsStableAcrossVersions()
    {
        // Studies on disk are found by id: a change of this value orphans every existing study, so it is pinned.
        Assert.Equal("flipflop-gru-tanh-h64-b1bd16ebd72e", Config.Id.Value);
    }
}
