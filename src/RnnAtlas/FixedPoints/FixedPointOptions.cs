
namespace RnnAtlas.FixedPoints;

/// <summary>Settings of the fixed-point search (docs/fixed-points.md); every value is used and validated.</summary>
public sealed record FixedPointOptions
{
    /// <summary>Initial states per analysis condition; default 256.</summary>
    public int InitialStates { get; init; } = 256;

    /// <summary>Gaussian noise added to sampled trajectory states, in units of each state dimension's spread; default 0.1.</summary>
    public double NoiseScale { get; init; } = 0.1;

    /// <summary>Accepted fixed points satisfy q ≤ this in float64; default 1e-12.</summary>
    public double Tolerance { get; init; } = 1e-12;

    /// <summary>Points that stall above <see cref="Tolerance"/> but at or below this are kept as slow points; default 1e-6.</summary>
    public double SlowTolerance { get; init; } = 1e-6;

    /// <summary>
    /// Batched first-order (Adam on q) iterations that bring candidates near fixed points; default 400 (with the step
    /// below: the same points as 1,000 steps of 0.01 on 54 trained networks, in 40 % of the time; 300–700 steps of 0.01
    /// missed saddles).
    /// </summary>
    public int DescentIterations { get; init; } = 400;

    /// <summary>Adam step size in units of the state spread; default 0.025.</summary>
    public double DescentLearningRate { get; init; } = 0.025;

    /// <summary>
    /// Only candidates whose q after the descent is at most this are polished; the rest are rejected as not converging
    /// (they are far from any fixed point after the descent, and each would cost Newton iterations); default 1e-3.
    /// </summary>
    public double PolishThreshold { get; init; } = 1e-3;

    /// <summary>
    /// Polish iterations (a Newton step, or damped Levenberg–Marquardt steps when it fails) per distinct candidate;
    /// default 50 (with the earlier damped-only polish, 20 left slow candidates near flip-flop memories with
    /// |λ| ≈ 0.995 short of the fixed point in 3 of 32 networks; Newton needs ≈ 5).
    /// </summary>
    public int NewtonIterations { get; init; } = 50;

    /// <summary>
    /// Initial largest Newton step, in units of the state spread (longer steps are shortened to it before backtracking),
    /// so a start near a saddle is not thrown across the region by a nearly singular A; default 0.5. The radius doubles
    /// after a shortened step that lowers q as the linear model predicts (up to 16 × this) and shrinks to the length of a
    /// step that needed halving (down to this).
    /// </summary>
    public double TrustRadius { get; init; } = 0.5;

    /// <summary>Fresh trajectory starts per round of the Newton root search; default 128.</summary>
    public int RoundStarts { get; init; } = 128;

    /// <summary>
    /// The root search stops as saturated when this many consecutive trajectory starts found no new point; default 512
    /// (4 rounds: on the cross-checked populations, every point the exhaustive reference search finds was found within
    /// it, see docs/fixed-points.md).
    /// </summary>
    public int SaturationStarts { get; init; } = 512;

    /// <summary>
    /// Budget of trajectory starts of the root search per condition (the midpoint starts have a budget of the same size);
    /// reaching it before saturation marks the set as possibly incomplete; default 4096.
    /// </summary>
    public int MaxStarts { get; init; } = 4096;

    /// <summary>
    /// Each newly found point seeds Newton starts at the midpoints to this many of its nearest known points; default 64
    /// (with 8, the centre of a product of 3 bistable units, a midpoint of opposite faces, was missed, and 13 of the 81
    /// points of 4 such units; FixedPointSearchTests).
    /// </summary>
    public int NeighbourMidpoints { get; init; } = 64;

    /// <summary>Two points closer than this × the state spread are one point (the lower q is kept); default 1e-3.</summary>
    public double UniqueTolerance { get; init; } = 1e-3;

    /// <summary>
    /// Points farther from the trajectories' centroid than this × the trajectories' largest distance from it are
    /// dropped as outliers; default 2.
    /// </summary>
    public double OutlierFactor { get; init; } = 2;

    /// <summary>Margin, in units of each dimension's range, by which candidates may leave the trajectories' box; default 0.5 (trained memories with |λ| ≈ 0.995 lie beyond where 100-step trials reach: 0.1 missed 2 of 8 in 2 of 32 GRUs).</summary>
    public double RegionMargin { get; init; } = 0.5;

    /// <summary>A mode is unstable when |λ| &gt; 1 + this (discrete time); default 1e-3. See docs/decisions/0004.</summary>
    public double StabilityTolerance { get; init; } = 1e-3;

    /// <summary>
    /// When set, descent candidates with q ≤ <see cref="SlowTolerance"/> that lie farther than this × the state spread
    /// from every kept point are kept too, as slow points at their descent state, so that a continuous attractor (a line
    /// of slow points) is sampled along its length and not only at the few exact fixed points the polish lands on;
    /// default off (the integration and delayed-discrimination scaffolds turn it on at 0.05, see docs/fixed-points.md).
    /// </summary>
    public double? SlowPointSpacing { get; init; }

    /// <summary>Seed of the initial-state sampling; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first out-of-range field.</summary>
    public void Validate()
    {
        InvalidConfigurationException.ThrowIfOutside("fixed_points.initial_states", InitialStates, 1, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.noise_scale", NoiseScale, 0.0, 100.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.tolerance", Tolerance, 1e-300, 1.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.slow_tolerance", SlowTolerance, Tolerance, 1.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.descent_iterations", DescentIterations, 0, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.descent_learning_rate", DescentLearningRate, 1e-12, 10.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.polish_threshold", PolishThreshold, SlowTolerance, double.MaxValue);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.newton_iterations", NewtonIterations, 0, 100_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.trust_radius", TrustRadius, 1e-6, 1e6);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.round_starts", RoundStarts, 1, 1_000_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.saturation_starts", SaturationStarts, 1, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.max_starts", MaxStarts, 0, 10_000_000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.neighbour_midpoints", NeighbourMidpoints, 0, 1000);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.unique_tolerance", UniqueTolerance, 0.0, 1.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.outlier_factor", OutlierFactor, 1.0, 1e6);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.region_margin", RegionMargin, 0.0, 100.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.stability_tolerance", StabilityTolerance, 0.0, 1.0);
        InvalidConfigurationException.ThrowIfOutside("fixed_points.seed", Seed, 0, int.MaxValue);
        if (SlowPointSpacing is { } spacing)
        {
            InvalidConfigurationException.ThrowIfOutside("fixed_points.slow_point_spacing", spacing, UniqueTolerance, 10.0);
        }
    }
}
