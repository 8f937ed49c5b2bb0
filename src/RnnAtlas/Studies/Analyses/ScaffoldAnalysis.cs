using System.Security.Cryptography;
using System.Text.Json;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using RnnAtlas.Storage;
using RnnAtlas.Studies.Scaffolds;
using RnnAtlas.Topology;
using RnnAtlas.Training;

namespace RnnAtlas.Studies.Analyses;

/// <summary>
/// The topology stage for one network: reads its fixedpoints.json, runs its probe trials for the region its states
/// visit, and lets its task's <see cref="ITaskScaffold"/> build the scaffold; writes the report atomically.
/// </summary>
public sealed class ScaffoldAnalysis
{
    private readonly StudyFolder _study;
    private readonly TopologyOptions _options;

    /// <summary>Analyses networks of <paramref name="study"/>.</summary>
    public ScaffoldAnalysis(StudyFolder study, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _study = study;
        _options = options;
    }

    /// <summary>The stored report of <paramref name="config"/>'s network when it is current (same options, same fixed points), else null.</summary>
    public ScaffoldReport? Finished(NetworkConfig config) =>
        Stored(_study, config) is { } report && report.Options == _options && report.FixedPointsDigest == Digest(config.Id) ? report : null;

    /// <summary>The stored report of <paramref name="config"/>'s network (with any options), or null when missing, unreadable or of another schema.</summary>
    public static ScaffoldReport? Stored(StudyFolder study, NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(config);
        var scaffold = TaskRegistry.Scaffold(config.Task);
        return scaffold.Read(Path.Combine(study.NetworkFolder(config.Id), scaffold.FileName));
    }

    /// <summary>Analyses <paramref name="config"/>'s network from its stored fixed points and writes the report.</summary>
    /// <exception cref="InvalidDataException">The network has no readable fixedpoints.json (run <c>rnnatlas fixedpoints</c> first).</exception>
    public ScaffoldReport Analyze(NetworkConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var digest = Digest(config.Id);
        var fixedPoints = FixedPointAnalysis.Stored(_study, config.Id)
            ?? throw new InvalidDataException($"{FixedPointAnalysis.ReportPath(_study, config.Id)}: missing or unreadable; run 'rnnatlas fixedpoints' first");
        var network = new RecurrentNetwork<double>(_study.ReadParameters(config).Convert<double>());
        var (trajectories, _) = network.Run(config.Task.ProbeTrials());
        var region = StateRegion.Of(trajectories, network.Shape.StateSize, 0);
        var scaffold = TaskRegistry.Scaffold(config.Task);
        var report = scaffold.Analyze(new ScaffoldContext(config.Id.Value, digest, network, region, fixedPoints, _options));
        AtomicFile.WriteText(Path.Combine(_study.NetworkFolder(config.Id), scaffold.FileName), JsonSerializer.Serialize(report, report.GetType(), StudyJson.Indented));
        return report;
    }

    private string Digest(NetworkId id)
    {
        var path = FixedPointAnalysis.ReportPath(_study, id);
        return File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(InputFile.ReadAllBytes(path, InputFile.MaxTextBytes)))[..16] : "";
    }
}
