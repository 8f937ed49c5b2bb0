using MathNet.Numerics.LinearAlgebra;
using RnnAtlas.Cells;
using RnnAtlas.FixedPoints;
using RnnAtlas.Numerics;
using RnnAtlas.Studies.Analyses;
using RnnAtlas.Tasks;

namespace RnnAtlas.Tests.FixedPoints;

/// <summary>Systems with known fixed points, found in both directions: every true point found, no false one.</summary>
public sealed class FixedPointSearchTests
{
    private static readonly FixedPointOptions Options = new() { InitialStates = 64 };

    [Fact]
    public void AContractingReluNetworkHasExactlyTheLinearSolution()
    {
        const int n = 6;
        var rng = new SeededRandom(3);
        var w = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                w[i, j] = rng.NextUniform(-0.1, 0.1);
            }
        }
        double[] b = [1, 0.5, 0.8, 1.2, 0.3, 0.9];
        var u = new double[n, 2];
        for (var i = 0; i < n; i++)
        {
            u[i, 0] = 0.2 * (i + 1);
            u[i, 1] = -0.1;
        }
        float[] x = [0.5f, 1f];
        var network = HandBuiltNetworks.Vanilla(Activation.Relu, w, b, u);
        // On the positive orthant F is affine, so h* = (I − W)⁻¹(U x + b); ‖W‖ < 1 makes it the only fixed point.
        var drive = Vector<double>.Build.Dense(n, i => b[i] + u[i, 0] * x[0] + u[i, 1] * x[1]);
        var expected = (Matrix<double>.Build.DenseIdentity(n) - Matrix<double>.Build.DenseOfArray(w)).Solve(drive);
        Assert.All(expected, v => Assert.True(v > 0, "precondition: the solution lies in the positive orthant"));

        var trajectories = HandBuiltNetworks.Grid(n, 3).Select(v => 1.5 * (v + 1)).ToArray();
        var found = new FixedPointSearch(network, Options).Find(new AnalysisCondition("x", x), trajectories);

        var point = Assert.Single(found.Points);
        Assert.Equal(FixedPointStatus.Converged, point.Status);
        Assert.True(point.Speed <= 1e-12);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], point.State[i], 1e-9);
        }
    }

    [Fact]
    public void AnAffineSystemWithUnstableDirectionsHasExactlyOnePointOfThatIndex()
    {
        // h' = relu(W h + b) with W = Q diag(λ) Qᵀ (Q a random rotation, three |λ| > 1) and b = (I − W) h*: around h* every
        // pre-activation is positive, so within the searched box F is affine and h* is its only fixed point, a saddle
        // with exactly 3 unstable directions (λ = −1.3, a flip, included): one point, no spurious one, the index exact.
        const int n = 8;
        double[] lambda = [1.5, 1.2, -1.3, 0.9, 0.5, -0.3, 0.2, 0.7];
        var rng = new SeededRandom(21);
        var q = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextGaussian()).QR().Q;
        var w = q * Matrix<double>.Build.DenseOfDiagonalArray(lambda) * q.Transpose();
        var expected = Enumerable.Range(0, n).Select(_ => rng.NextUniform(0.5, 1.5)).ToArray();
        var b = (Matrix<double>.Build.DenseIdentity(n) - w) * Vector<double>.Build.DenseOfArray(expected);
        var network = HandBuiltNetworks.Vanilla(Activation.Relu, w.ToArray(), b.ToArray());
        var trajectories = Enumerable.Range(0, 200).SelectMany(_ => expected.Select(h => h + rng.NextUniform(-0.05, 0.05))).ToArray();

        var found = new FixedPointSearch(network, Options).Find(new AnalysisCondition("zero", [0f]), trajectories);

        var point = Assert.Single(found.Points);
        Assert.Equal(FixedPointStatus.Converged, point.Status);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], point.State[i], 1e-9);
        }
        Assert.Equal(3, RnnAtlas.Linearization.Linearization.At(network, point.State, point.Input, Options.StabilityTolerance).UnstableDimensions);
        Assert.True(found.Saturation.Saturated);
    }

    [Fact]
    public void NewtonFromFarStartsWidensItsTrustRadiusWhereTheLinearModelHolds()
    {
        // h' = relu(W h + b) with small W and h* ≈ 1–2: affine around h*, so the Newton direction is exact everywhere
        // and every shortened step lowers q exactly as predicted. In 64 dimensions a trajectory sample lies ≈ √64 = 8
        // spreads from h*: at a fixed trust radius of 0.5 spreads Newton takes ≈ 16 steps to get there, a radius that
        // doubles after each such step (0.5, 1, 2, 4, then the full step) about 5.
        const int n = 64;
        var rng = new SeededRandom(5);
        var w = Matrix<double>.Build.Dense(n, n, (_, _) => rng.NextUniform(-0.5, 0.5) / n);
        var expected = Enumerable.Range(0, n).Select(_ => rng.NextUniform(1, 2)).ToArray();
        var b = (Matrix<double>.Build.DenseIdentity(n) - w) * Vector<double>.Build.DenseOfArray(expected);
        var network = HandBuiltNetworks.Vanilla(Activation.Relu, w.ToArray(), b.ToArray());
        var trajectories = Enumerable.Range(0, 200).SelectMany(_ => expected.Select(h => h + rng.NextUniform(-0.3, 0.3))).ToArray();
        // One descent step leaves no candidate close enough to polish, so the point comes from the root search's
        // Newton iterations alone.
        var options = Options with { DescentIterations = 1 };

        var found = new FixedPointSearch(network, options).Find(new AnalysisCondition("zero", [0f]), trajectories);

        var point = Assert.Single(found.Points);
        Assert.Equal(FixedPointStatus.Converged, point.Status);
        Assert.Equal(expected, point.State, (x, y) => Math.Abs(x - y) <= 1e-9);
        Assert.InRange(point.Iterations, 1, 7);
    }

    [Fact]
    public void TheSearchAndTheLinearizationsDoNotDependOnTheThreadCount()
    {
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0.3, 0 }, { 0.1, 1.6, 0.2 }, { 0, 0.2, 1.8 } }, [0.05, -0.02, 0]);
        var condition = new AnalysisCondition("zero", [0f]);
        var one = new FixedPointSearch(network, Options).Find(condition, HandBuiltNetworks.Grid(3, 5));
        var two = new FixedPointSearch(network, Options, threads: 2).Find(condition, HandBuiltNetworks.Grid(3, 5));
        Assert.True(one.Points.Count > 3, $"precondition: several points, found {one.Points.Count}");
        Assert.Equal(one.Points.Select(p => p.State), two.Points.Select(p => p.State));
        var linearOne = FixedPointAnalysis.Linearize(network, one.Points, Options.StabilityTolerance, 1);
        var linearTwo = FixedPointAnalysis.Linearize(network, two.Points, Options.StabilityTolerance, 2);
        Assert.Equal(linearOne.Select(l => l!.Recurrent), linearTwo.Select(l => l!.Recurrent));
        Assert.Equal(linearOne.Select(l => l!.Modes.Select(m => m.Value)), linearTwo.Select(l => l!.Modes.Select(m => m.Value)));
    }

    [Fact]
    public void ATanhBistableSystemHasTwoAttractorsAndASaddleBetweenThem()
    {
        // h' = tanh(W h) with W = diag(2, 0.5): fixed points (±r, 0) with r = tanh(2r), and the saddle (0, 0).
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0 }, { 0, 0.5 } }, [0, 0]);
        var r = HandBuiltNetworks.TanhRoot(2);
        double[][] expected = [[r, 0], [-r, 0], [0, 0]];

        var found = new FixedPointSearch(network, Options).Find(new AnalysisCondition("zero", [0f]), HandBuiltNetworks.Grid(2, 9));

        Assert.Equal(expected.Length, found.Points.Count);
        foreach (var truth in expected)
        {
            Assert.Contains(found.Points, p => Math.Abs(p.State[0] - truth[0]) < 1e-9 && Math.Abs(p.State[1] - truth[1]) < 1e-9);
        }
        Assert.All(found.Points, p => Assert.True(p.Speed <= 1e-12, $"q = {p.Speed}"));
        Assert.Equal(Options.InitialStates + found.Saturation.Starts, found.Candidates);
        Assert.True(found.Saturation.Saturated);
    }

    [Fact]
    public void SlowPointSpacingSamplesTheSlowSegmentBetweenTheExactPoints()
    {
        // h' = tanh(1.01 h): exact fixed points 0 and ±r (r ≈ 0.17), and between them a segment where the flow is slower
        // than q = 1e-6. The polish lands every candidate on one of the three; the spacing option keeps the segment where
        // a short descent left the candidates (in a trained network the descent stalls along such a line by itself).
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 1.01 } }, [0]);
        var starts = HandBuiltNetworks.Grid(1, 41).Select(h => 0.2 * h).ToArray();
        var options = Options with { DescentIterations = 20 };
        var exact = new FixedPointSearch(network, options).Find(new AnalysisCondition("zero", [0f]), starts);
        var sampled = new FixedPointSearch(network, options with { SlowPointSpacing = 0.05 }).Find(new AnalysisCondition("zero", [0f]), starts);

        Assert.Equal(3, exact.Points.Count);
        Assert.True(sampled.Points.Count > 6, $"{sampled.Points.Count} points");
        Assert.All(sampled.Points, p => Assert.True(p.Speed <= Options.SlowTolerance));
        Assert.Contains(sampled.Points, p => p.Status == FixedPointStatus.Slow);
        var states = sampled.Points.Select(p => p.State[0]).Order().ToArray();
        Assert.All(states.Zip(states.Skip(1)), pair => Assert.True(pair.Second - pair.First > 0.05 * 0.2 * 0.5));
    }

    [Fact]
    public void CoupledTanhUnitsKeepTheirFourMemoriesAndFiveSaddles()
    {
        // Two self-exciting units (w = 2) that do not interact: 3 × 3 fixed points — 4 stable corners, 4 one-saddles
        // on the axes and the origin (two unstable directions). A weak coupling keeps the count (structural stability).
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0.05 }, { 0.05, 2 } }, [0, 0]);
        var found = new FixedPointSearch(network, Options with { InitialStates = 256 }).Find(new AnalysisCondition("zero", [0f]), HandBuiltNetworks.Grid(2, 9));
        Assert.Equal(9, found.Points.Count);
        Assert.All(found.Points, p => Assert.True(p.Speed <= 1e-12));
        var next = new double[2];
        foreach (var p in found.Points)
        {
            network.Step(p.State, [0], next, 1);
            Assert.Equal(p.State[0], next[0], 1e-6);
            Assert.Equal(p.State[1], next[1], 1e-6);
        }
    }

    [Theory]
    [InlineData(3, 4, 11UL)]
    [InlineData(4, 4, 12UL)]
    public void AProductOfBistableUnitsHasItsWholeCubeOfFixedPoints(int bits, int slaves, ulong seed)
    {
        // N self-exciting units h_i' = tanh(2 h_i) (roots −r, 0, r) drive `slaves` contracting units
        // h_s' = tanh(0.3 h_s + Σ c_si h_i); the units are shuffled by a random permutation (an orthogonal map that commutes
        // with tanh). The fixed points are exactly the 3^N points with bistable coordinates in {−r, 0, r}, each slave
        // solving its own contracting equation; a point with k zero coordinates has k unstable directions (λ = 2 there),
        // so there are C(N, k)·2^(N−k) of index k. The trajectories are 10-step runs from random states, which crowd near
        // the stable corners as a trained network's do: the saddles must be found from there.
        var n = bits + slaves;
        var rng = new SeededRandom(seed);
        var permutation = Enumerable.Range(0, n).OrderBy(_ => rng.NextUInt64()).ToArray();
        var w = new double[n, n];
        var coupling = new double[slaves, bits];
        for (var i = 0; i < bits; i++)
        {
            w[permutation[i], permutation[i]] = 2;
        }
        for (var s = 0; s < slaves; s++)
        {
            w[permutation[bits + s], permutation[bits + s]] = 0.3;
            for (var i = 0; i < bits; i++)
            {
                coupling[s, i] = rng.NextUniform(-0.5, 0.5);
                w[permutation[bits + s], permutation[i]] = coupling[s, i];
            }
        }
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, w, new double[n]);
        var r = HandBuiltNetworks.TanhRoot(2);

        var trajectories = new List<double>();
        var next = new double[n];
        for (var t = 0; t < 64; t++)
        {
            var state = Enumerable.Range(0, n).Select(_ => rng.NextUniform(-1, 1)).ToArray();
            for (var step = 0; step < 10; step++)
            {
                network.Step(state, [0], next, 1);
                next.CopyTo(state, 0);
                trajectories.AddRange(state);
            }
        }
        var found = new FixedPointSearch(network, Options).Find(new AnalysisCondition("zero", [0f]), trajectories.ToArray());

        var expected = 1;
        for (var i = 0; i < bits; i++)
        {
            expected *= 3;
        }
        Assert.Equal(expected, found.Points.Count);
        Assert.True(found.Saturation.Saturated);
        var byIndex = new int[bits + 1];
        foreach (var point in found.Points)
        {
            Assert.Equal(FixedPointStatus.Converged, point.Status);
            var levels = Enumerable.Range(0, bits).Select(i => point.State[permutation[i]]).ToArray();
            Assert.All(levels, h => Assert.True(Math.Abs(h) < 1e-9 || Math.Abs(Math.Abs(h) - r) < 1e-9, $"bistable coordinate {h}"));
            for (var s = 0; s < slaves; s++)
            {
                var drive = Enumerable.Range(0, bits).Sum(i => coupling[s, i] * levels[i]);
                var h = 0.0;
                for (var it = 0; it < 200; it++)
                {
                    h = Math.Tanh(0.3 * h + drive);
                }
                Assert.Equal(h, point.State[permutation[bits + s]], 1e-9);
            }
            var unstable = RnnAtlas.Linearization.Linearization.At(network, point.State, point.Input, Options.StabilityTolerance).UnstableDimensions;
            Assert.Equal(levels.Count(h => Math.Abs(h) < 1e-9), unstable);
            byIndex[unstable]++;
        }
        for (var k = 0; k <= bits; k++)
        {
            Assert.Equal(Binomial(bits, k) << (bits - k), byIndex[k]);
        }
    }

    [Fact]
    public void ARingNetworkHasItsWholeRingOfBumpsAndTheOriginBetweenThem()
    {
        // N units on a ring, h' = tanh(W h) with W_ij = (2J/N) cos(θ_i − θ_j) (rank 2): every fixed point is
        // h_i = tanh(a cos(θ_i − φ)) with (a, φ) solving a 2-D equation whose tangential part vanishes only at the
        // symmetric angles φ = kπ/N. So there are exactly 2N + 1 points: the origin (W's two eigenvalues J > 1 make it
        // index 2) and a ring of 2N bumps, centred on the units and between them, equally spaced in angle, one family
        // stable and the other with one unstable direction along the ring (|λ| = 1 ± 0.018 at N = 12, J = 2: a nearly
        // continuous ring). The cyclic shift of the units maps the set onto itself.
        const int n = 12;
        const double j = 2;
        var theta = Enumerable.Range(0, n).Select(i => 2 * Math.PI * i / n).ToArray();
        var w = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < n; b++)
            {
                w[a, b] = 2 * j / n * Math.Cos(theta[a] - theta[b]);
            }
        }
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, w, new double[n]);
        var rng = new SeededRandom(5);
        var trajectories = new List<double>();
        var next = new double[n];
        for (var t = 0; t < 32; t++)
        {
            var state = Enumerable.Range(0, n).Select(_ => rng.NextUniform(-1, 1)).ToArray();
            for (var step = 0; step < 20; step++)
            {
                network.Step(state, [0], next, 1);
                next.CopyTo(state, 0);
                trajectories.AddRange(state);
            }
        }

        var found = new FixedPointSearch(network, Options).Find(new AnalysisCondition("zero", [0f]), trajectories.ToArray());

        Assert.Equal(2 * n + 1, found.Points.Count);
        Assert.True(found.Saturation.Saturated);
        int Unstable(FixedPoint p) => RnnAtlas.Linearization.Linearization.At(network, p.State, p.Input, Options.StabilityTolerance).UnstableDimensions;
        var origin = Assert.Single(found.Points, p => p.State.All(h => Math.Abs(h) < 1e-9));
        Assert.Equal(2, Unstable(origin));
        var ring = found.Points.Where(p => p != origin)
            .Select(p => (Point: p, Angle: Math.Atan2(theta.Select((a, i) => Math.Sin(a) * p.State[i]).Sum(), theta.Select((a, i) => Math.Cos(a) * p.State[i]).Sum())))
            .OrderBy(r => r.Angle).ToArray();
        for (var k = 0; k < ring.Length; k++)
        {
            var (point, angle) = ring[k];
            Assert.Equal(FixedPointStatus.Converged, point.Status);
            var gap = k + 1 < ring.Length ? ring[k + 1].Angle - angle : ring[0].Angle + 2 * Math.PI - angle;
            Assert.Equal(Math.PI / n, gap, 1e-6);
            Assert.Equal(k % 2 == 0 ? Unstable(ring[0].Point) : 1 - Unstable(ring[0].Point), Unstable(point));
            var shifted = Enumerable.Range(0, n).Select(i => point.State[(i + 1) % n]).ToArray();
            Assert.Contains(found.Points, p => p.State.Zip(shifted).All(pair => Math.Abs(pair.First - pair.Second) < 1e-8));
        }
    }

    private static int Binomial(int n, int k) => k == 0 ? 1 : Binomial(n - 1, k - 1) * n / k;

    [Fact]
    public void ResultsAreBitIdenticalWhateverTheNumberOfThreads()
    {
        var network = HandBuiltNetworks.Vanilla(Activation.Tanh, new double[,] { { 2, 0.05 }, { 0.05, 2 } }, [0, 0]);
        var condition = new AnalysisCondition("zero", [0f]);
        var one = new FixedPointSearch(network, Options with { InitialStates = 101 }, 1).Find(condition, HandBuiltNetworks.Grid(2, 9));
        var three = new FixedPointSearch(network, Options with { InitialStates = 101 }, 3).Find(condition, HandBuiltNetworks.Grid(2, 9));
        Assert.Equal(one.Points.Select(p => p.State), three.Points.Select(p => p.State));
        Assert.Equal(one.Points.Select(p => p.Speed), three.Points.Select(p => p.Speed));
        Assert.Equal(one.Rejected, three.Rejected);
    }

    [Fact]
    public void CandidatesThatCannotConvergeAreReportedWithAReason()
    {
        // h' = relu(h + 0.5) drifts upward for ever: no fixed point exists, inside the region or out of it.
        var drifting = HandBuiltNetworks.Vanilla(Activation.Relu, new double[,] { { 1 } }, [0.5]);
        var found = new FixedPointSearch(drifting, Options with { RegionMargin = 0 }).Find(new AnalysisCondition("zero", [0f]), HandBuiltNetworks.Grid(1, 11));
        Assert.Empty(found.Points);
        Assert.True(found.Rejected.ContainsKey(FixedPointStatus.Diverged), string.Join(", ", found.Rejected));
    }
}
