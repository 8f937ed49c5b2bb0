using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Populations;
using RnnAtlas.Reporting;
using RnnAtlas.Studies;
using RnnAtlas.Studies.Configuration;
using RnnAtlas.Studies.Stages;
using RnnAtlas.Tasks;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Reporting;

/// <summary>
/// One small study that went through every stage (briefly trained networks of the four tasks with a lenient
/// criterion, and their untrained initializations), shared by the report tests.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public ReportFixture()
    {
        var sweep = new Sweep
        {
            Tasks = [new FlipFlopTask(Criterion: 10.0, ProbeTrialCount: 4, TimeSteps: 40), new SineWaveTask(Criterion: 10.0, ProbeTrialCount: 2, TimeSteps: 60), new ContextIntegrationTask(TimeSteps: 20, Criterion: 10.0, ProbeTrialCount: 8),
                new DelayedDiscriminationTask(MinDelay: 4, MaxDelay: 8, Criterion: 10.0, ProbeTrialCount: 8)],
            Cells = [CellKind.Gru, CellKind.Lstm],
            HiddenSizes = [8],
            Seeds = [0, 1],
            Snapshots = [0],
            Training = new TrainingOptions { MaxIterations = 5, EvaluateEvery = 5, BatchSize = 8, HeldOutTrials = 8 },
        };
        Study = StudyFolder.CreateOrOpen(_folder.Path, sweep);
        new PopulationTrainer(Study, 2).Train(sweep.Expand(), null, default);
        new FixedPointStage(Study, new FixedPointOptions { InitialStates = 16 }, 2).Run(null, null, null, default);
        new TopologyStage(Study, new TopologyOptions { MaxSteps = 500, CycleTransient = 100, CycleRecord = 100 }, 2).Run(null, null, default);
        new ComparisonStage(Study, new ComparisonOptions { Statistics = new RnnAtlas.Statistics.ClusterStatistics(Permutations: 99) }, 2).Run(null, null, default);
        Index = StudyReport.Build(Study, null);
        Tasks = TaskData.Load(Study);
    }

    public StudyFolder Study { get; }

    public string Index { get; }

    public IReadOnlyList<TaskData> Tasks { get; }

    public void Dispose() => _folder.Dispose();
}
