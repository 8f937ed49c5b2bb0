using RnnAtlas.Cells;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Tasks;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Studies;

public sealed class SweepTomlTests
{
    [Fact]
    public void ReadsEverySectionAndKeepsDefaultsForOmittedKeys()
    {
        var sweep = SweepToml.Parse("""
            [[task]]
            name = "flipflop"
            bits = 2

            [[task]]
            name = "integration"
            noise = 0.5
            gain = 0.1

            [sweep]
            cells = ["gru", "lstm"]
            activations = ["relu"]
            hidden_sizes = [16, 32]
            l2 = [0, 1e-3]
            learning_rates = [0.002]
            seeds = 3

            [training]
            optimizer = "sgd"
            max_iterations = 10
            """, "test.toml");
        Assert.Equal([new FlipFlopTask(Bits: 2), (ITask)new ContextIntegrationTask(Noise: 0.5, Gain: 0.1)], sweep.Tasks);
        Assert.Equal([CellKind.Gru, CellKind.Lstm], sweep.Cells);
        Assert.Equal([Activation.Relu], sweep.Activations);
        Assert.Equal([16, 32], sweep.HiddenSizes);
        Assert.Equal([0.0, 1e-3], sweep.L2);
        Assert.Equal([0, 1, 2], sweep.Seeds);
        Assert.Equal(new TrainingOptions { Optimizer = OptimizerKind.Sgd, MaxIterations = 10 }, sweep.Training);
        Assert.Equal(2 * 2 * 1 * 2 * 2 * 1 * 3, sweep.Expand().Count);
    }

    [Theory]
    [InlineData("[sweep]\ncellz = [\"gru\"]", "sweep.cellz = [\"gru\"]: is not a known key")]
    [InlineData("[sweep]\ncells = [\"gruu\"]", "sweep.cells = \"gruu\": must be one of vanilla, ugrnn, gru, lstm")]
    [InlineData("[sweep]\nhidden_sizes = \"64\"", "sweep.hidden_sizes = \"64\": must be an array")]
    [InlineData("[sweep]\nhidden_sizes = [0]", "sweep.hidden_sizes = 0: must be an integer in [1, 4096]")]
    [InlineData("[sweep]\nseeds = []", "sweep.seeds = []: the sweep needs at least one value")]
    [InlineData("[sweep]\nl2 = [1e-4, 1e-4]", "sweep.l2 = 0.0001: appears twice")]
    [InlineData("[task]\nname = \"sine\"\ngrid_size = 1.5", "task.grid_size = 1.5: must be an integer")]
    [InlineData("[task]\nname = \"maze\"", "task.name = maze: must be one of flipflop, sine, integration")]
    [InlineData("[training]\nbatch_size = -1", "training.batch_size = -1: must be an integer in [1, 65536]")]
    [InlineData("speed = 3", "speed = 3: is not a known key")]
    [InlineData("[sweep\n", "(file) = TOML: is not valid TOML")]
    [InlineData("[sweep]\nseeds = 2\nseeds = 3", "The key `sweep.seeds` is already defined")]
    [InlineData("[sweep]\nseeds = 2\n[sweep]\ncells = [\"gru\"]", "(file) = TOML: is not valid TOML")]
    [InlineData("[[task]]\nname = \"sine\"\nname = \"sine\"", "(file) = TOML: is not valid TOML")]
    public void BadValuesNameTheFileTheFieldAndTheValue(string toml, string expected)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => SweepToml.Parse(toml, "my.toml"));
        Assert.StartsWith("my.toml: ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AnalysisSectionsAreReadAndRoundTripThroughTheStudyDescription()
    {
        var (sweep, analysis) = SweepToml.ParseStudy("""
            [sweep]
            seeds = 2

            [fixed_points]
            initial_states = 64
            slow_point_spacing = 0.1

            [topology]
            max_steps = 100

            [compare]
            metrics = ["cka", "svcca"]
            stride = 2

            [compare.svcca]
            variance_threshold = 0.95
            """, "a.toml");
        Assert.Equal([0, 1], sweep.Seeds);
        Assert.NotNull(analysis);
        Assert.Equal(new RnnAtlas.FixedPoints.FixedPointOptions { InitialStates = 64, SlowPointSpacing = 0.1 }, analysis.FixedPoints);
        Assert.Equal(100, analysis.Topology.MaxSteps);
        Assert.Equal(["cka", "svcca"], analysis.Compare.Metrics);
        Assert.Equal(2, analysis.Compare.Stride);
        Assert.Equal(0.95, analysis.Compare.Svcca.VarianceThreshold);
        Assert.Null(SweepToml.ParseStudy("[sweep]\nseeds = 2", "b.toml").Analysis);

        var description = new StudyDescription { Sweeps = [sweep], Analysis = analysis };
        var json = System.Text.Json.JsonSerializer.Serialize(description, RnnAtlas.Storage.StudyJson.Indented);
        var back = System.Text.Json.JsonSerializer.Deserialize<StudyDescription>(json, RnnAtlas.Storage.StudyJson.Indented)!;
        Assert.Equal(json, System.Text.Json.JsonSerializer.Serialize(back, RnnAtlas.Storage.StudyJson.Indented));
    }

    [Theory]
    [InlineData("[fixed_points]\ninitial_statez = 3", "my.toml: fixed_points.initial_statez = 3: is not a known key")]
    [InlineData("[fixed_points]\ninitial_states = \"many\"", "my.toml: fixed_points.initial_states = \"many\"")]
    [InlineData("[fixed_points]\ninitial_states = 0", "my.toml: fixed_points.initial_states = 0: must be an integer in [1, 1000000]")]
    [InlineData("[topology]\nescape = 1", "my.toml: topology.escape = 1: must be in [1.5, 1000000]")]
    [InlineData("[compare]\nmetrics = [\"rsa\"]", "my.toml: metrics = rsa: must be one of")]
    public void BadAnalysisSettingsNameTheFileAndTheField(string toml, string expected)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => SweepToml.ParseStudy(toml, "my.toml"));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
