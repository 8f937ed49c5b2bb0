namespace RnnAtlas.Topology;

/// <summary>Settings of the scaffold analyses; lengths are fractions of the trajectories' radius (largest distance from their centroid).</summary>
public sealed record TopologyOptions
{
    /// <summary>Start of an unstable-manifold run: h* ± this × radius along the unit direction.</summary>
    public double Perturbation { get; init; } = 0.01;

    /// <summary>Most steps a run may take to settle.</summary>
    public int MaxSteps { get; init; } = 5000;

    /// <summary>A run has arrived at a known point when within this × radius of it and no longer moving.</summary>
    public double Arrival { get; init; } = 0.05;

    /// <summary>A run no longer moves when ‖F(h) − h‖ is below this × radius.</summary>
    public double Settled { get; init; } = 1e-6;

    /// <summary>A run has escaped when farther than this × radius from the trajectories' centroid (or non-finite).</summary>
    public double Escape { get; init; } = 10;

    /// <summary>Steps simulated before a limit cycle is measured.</summary>
    public int CycleTransient { get; init; } = 3000;

    /// <summary>Steps over which a limit cycle is measured.</summary>
    public int CycleRecord { get; init; } = 2000;

    /// <summary>Largest number of modes in the line-attractor mode-truncation curve.</summary>
    public int ResponseModes { get; init; } = 10;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("topology.perturbation", Perturbation, 1e-9, 1);
        InvalidConfigurationException.ThrowIfOutside("topology.max_steps", MaxSteps, 1, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("topology.arrival", Arrival, 1e-9, 1);
        InvalidConfigurationException.ThrowIfOutside("topology.settled", Settled, 1e-15, 1e-2);
        InvalidConfigurationException.ThrowIfOutside("topology.escape", Escape, 1.5, 1e6);
        InvalidConfigurationException.ThrowIfOutside("topology.cycle_transient", CycleTransient, 0, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("topology.cycle_record", CycleRecord, 16, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("topology.response_modes", ResponseModes, 1, 1000);
    }
}
