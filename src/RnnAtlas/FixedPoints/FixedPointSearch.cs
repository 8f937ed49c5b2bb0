using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Tasks;

namespace RnnAtlas.FixedPoints;

/// <summary>
/// Finds the fixed points of F(·, x*) for one network, read top to bottom:
/// sample initial states from the network's trajectories (+ noise) → batched float32 Adam descent on
/// q(h) = ½‖F(h, x*) − h‖² (gradient Jᵀr − r by one backward step) inside the trajectories' region → merge candidates
/// that reached the same place → Newton polish (Levenberg–Marquardt fallback) of each distinct candidate that came close
/// (q below the polish threshold) in float64 with the analytic Jacobian → classify (converged q ≤ tolerance, slow, or a
/// rejection status) → de-duplicate → drop outliers.
/// </summary>
/// <remarks>
/// Candidates are kept inside the box the trajectories occupy: first-order steps from saturated states otherwise walk
/// to |h| ≫ 1 where gated cells' q flattens on points that are not fixed points (docs/decisions/0007).
/// Not thread-safe; use one instance per thread.
/// </remarks>
public sealed class FixedPointSearch
{
    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-30;
    private readonly RecurrentNetwork<double> _network;
    private readonly NetworkParameters<float> _descentParameters;
    private readonly FixedPointOptions _options;
    private readonly int _state, _input, _threads;

    /// <summary>Searches <paramref name="network"/> with <paramref name="options"/>, polishing candidates on <paramref name="threads"/> threads.</summary>
    /// <remarks>Results do not depend on <paramref name="threads"/>: each candidate is polished on its own.</remarks>
    public FixedPointSearch(RecurrentNetwork<double> network, FixedPointOptions options, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _threads = threads;
        _descentParameters = network.Parameters.Convert<float>();
        _options = options;
        _state = network.Shape.StateSize;
        _input = network.Shape.InputSize;
    }

    /// <summary>Runs the search at <paramref name="condition"/>, starting from <paramref name="trajectories"/> ([count, state]).</summary>
    public FixedPointSet Find(AnalysisCondition condition, ReadOnlySpan<double> trajectories)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var input = condition.Input.Select(v => (double)v).ToArray();
        var region = StateRegion.Of(trajectories, _state, _options.RegionMargin);
        var starts = InitialStates(condition, trajectories, region);
        var (states, speeds) = Descend(starts, input, region);

        var rejected = new Dictionary<FixedPointStatus, int>();
        var distinct = new List<int>();
        var mergedEarly = 0;
        foreach (var k in Enumerable.Range(0, speeds.Length).OrderBy(k => speeds[k]))
        {
            if (!double.IsFinite(speeds[k]))
            {
                rejected[FixedPointStatus.NonFinite] = rejected.GetValueOrDefault(FixedPointStatus.NonFinite) + 1;
            }
            else if (distinct.Any(j => Distance(states, j, states, k) <= _options.UniqueTolerance * region.Spread))
            {
                mergedEarly++;
            }
            else
            {
                distinct.Add(k);
            }
        }

        var close = distinct.Where(k => speeds[k] <= _options.PolishThreshold).ToList();
        foreach (var k in distinct.Except(close))
        {
            var status = region.OnBoundary(states.AsSpan(k * _state, _state)) ? FixedPointStatus.Diverged : FixedPointStatus.MaxIterations;
            rejected[status] = rejected.GetValueOrDefault(status) + 1;
        }
        var outcomes = new FixedPoint[close.Count];
        WorkQueue.Run(Enumerable.Range(0, close.Count), _threads, () => new RecurrentNetwork<double>(_network.Parameters), (network, i) =>
            outcomes[i] = Polish(network, states.AsSpan(close[i] * _state, _state).ToArray(), input, region, close[i], _options.DescentIterations), CancellationToken.None);
        var polished = new List<FixedPoint>();
        foreach (var point in outcomes)
        {
            if (point.Status is FixedPointStatus.Converged or FixedPointStatus.Slow)
            {
                polished.Add(point);
            }
            else
            {
                rejected[point.Status] = rejected.GetValueOrDefault(point.Status) + 1;
            }
        }

        var kept = new List<FixedPoint>();
        var duplicates = 0;
        foreach (var point in polished.OrderBy(p => p.Speed))
        {
            if (kept.Any(p => Distance(p.State, point.State) <= _options.UniqueTolerance * region.Spread))
            {
                duplicates++;
            }
            else
            {
                kept.Add(point);
            }
        }
        if (_options.SlowPointSpacing is { } spacing)
        {
            foreach (var k in close.Where(k => speeds[k] <= _options.SlowTolerance).OrderBy(k => speeds[k]))
            {
                var state = states.AsSpan(k * _state, _state).ToArray();
                var (_, q) = Residual(_network, state, input, new double[_state]);
                if (q <= _options.SlowTolerance && kept.All(p => Distance(p.State, state) > spacing * region.Spread))
                {
                    kept.Add(new FixedPoint(state, input, q, _options.DescentIterations, q <= _options.Tolerance ? FixedPointStatus.Converged : FixedPointStatus.Slow, k));
                }
            }
        }
        var inliers = kept.Where(p => region.DistanceFromCentroid(p.State) <= _options.OutlierFactor * Math.Max(region.Radius, region.Spread)).ToList();
        return new FixedPointSet(condition.Name, input, inliers, starts.Length / _state, rejected, duplicates + mergedEarly, kept.Count - inliers.Count);
    }

    /// <summary>
    /// The initial states <see cref="Find"/> starts from at <paramref name="condition"/>: trajectory states drawn uniformly
    /// (seeded by the options' seed and the condition's name) plus Gaussian noise of NoiseScale × each dimension's
    /// spread, clipped to the region; [InitialStates, state].
    /// </summary>
    public double[] InitialStates(AnalysisCondition condition, ReadOnlySpan<double> trajectories) =>
        InitialStates(condition, trajectories, StateRegion.Of(trajectories, _state, _options.RegionMargin));

    private double[] InitialStates(AnalysisCondition condition, ReadOnlySpan<double> trajectories, StateRegion region)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var rng = new SeededRandom(SeededRandom.Derive((ulong)_options.Seed, condition.Name));
        var count = trajectories.Length / _state;
        var scale = new double[_state];
        for (var d = 0; d < _state; d++)
        {
            double variance = 0;
            for (var n = 0; n < count; n++)
            {
                var e = trajectories[n * _state + d] - region.Centroid[d];
                variance += e * e / count;
            }
            scale[d] = _options.NoiseScale * Math.Sqrt(variance);
        }
        var starts = new double[_options.InitialStates * _state];
        for (var k = 0; k < _options.InitialStates; k++)
        {
            var source = (int)(rng.NextUInt64() % (ulong)count);
            for (var d = 0; d < _state; d++)
            {
                starts[k * _state + d] = trajectories[source * _state + d] + scale[d] * rng.NextGaussian();
            }
            region.Clip(starts.AsSpan(k * _state, _state));
        }
        return starts;
    }

    /// <summary>
    /// Batched Adam on q, in float32 (the polish that follows is float64): one forward and one backward step per
    /// iteration for a whole block of candidates; the candidates are split into one block per thread. Every candidate
    /// runs exactly <see cref="FixedPointOptions.DescentIterations"/> steps, so results do not depend on the split.
    /// </summary>
    private (double[] States, double[] Speeds) Descend(double[] starts, double[] input, StateRegion region)
    {
        var count = starts.Length / _state;
        var states = new double[starts.Length];
        var speeds = new double[count];
        var blocks = Math.Min(_threads, count);
        var ranges = Enumerable.Range(0, blocks).Select(b => (Start: b * count / blocks, End: (b + 1) * count / blocks)).ToList();
        WorkQueue.Run(ranges, _threads, () => 0, (_, range) =>
        {
            var (blockStates, blockSpeeds) = DescendBlock(starts.AsSpan(range.Start * _state, (range.End - range.Start) * _state), input, region);
            blockStates.CopyTo(states, range.Start * _state);
            blockSpeeds.CopyTo(speeds, range.Start);
        }, CancellationToken.None);
        return (states, speeds);
    }

    private (double[] States, double[] Speeds) DescendBlock(ReadOnlySpan<double> starts, double[] input, StateRegion region)
    {
        var count = starts.Length / _state;
        var states = new float[starts.Length];
        for (var e = 0; e < states.Length; e++)
        {
            states[e] = (float)starts[e];
        }
        var speeds = new double[count];
        var unroll = new NetworkUnroll<float>(_network.Shape, count, 1);
        var inputs = new float[count * _input];
        for (var k = 0; k < count; k++)
        {
            for (var i = 0; i < _input; i++)
            {
                inputs[k * _input + i] = (float)input[i];
            }
        }
        var residual = new float[states.Length];
        var gradient = new float[states.Length];
        var m = new float[states.Length];
        var v = new float[states.Length];
        var lower = region.Lower.Select(x => (float)x).ToArray();
        var upper = region.Upper.Select(x => (float)x).ToArray();
        var rate = _options.DescentLearningRate * region.Spread;
        for (var iteration = 0; ; iteration++)
        {
            unroll.Forward(_descentParameters, inputs, count, states);
            System.Numerics.Tensors.TensorPrimitives.Subtract(unroll.States[states.Length..], states, residual);
            if (iteration == _options.DescentIterations)
            {
                for (var k = 0; k < count; k++)
                {
                    speeds[k] = 0.5 * System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(residual.AsSpan(k * _state, _state));
                }
                return ([.. states.Select(x => (double)x)], speeds);
            }
            unroll.Backward(_descentParameters, inputs, default, residual, default, gradient, default);
            var stepSize = (float)(rate * Math.Sqrt(1 - Math.Pow(Beta2, iteration + 1)) / (1 - Math.Pow(Beta1, iteration + 1)));
            for (var e = 0; e < states.Length; e++)
            {
                var g = gradient[e] - residual[e];
                m[e] = (float)Beta1 * m[e] + (float)(1 - Beta1) * g;
                v[e] = (float)Beta2 * v[e] + (float)(1 - Beta2) * g * g;
                var d = e % _state;
                states[e] = Math.Clamp(states[e] - stepSize * m[e] / (MathF.Sqrt(v[e]) + (float)AdamEpsilon), lower[d], upper[d]);
            }
        }
    }

    /// <summary>
    /// Newton's method on r(h) = F(h, x*) − h with a Levenberg–Marquardt fallback, in float64 with the analytic Jacobian
    /// A = ∂F/∂h − I: each iteration first tries the Newton step δ = −A⁻¹r, which converges quadratically also along the
    /// slow modes (|λ| ≈ 1) that a damped step crosses only linearly; when that step does not lower q (far from the
    /// point, or A singular as on a line attractor) it takes damped steps δ = −(AᵀA + μI)⁻¹Aᵀr, μ ×10 after a failure
    /// and ÷10 after a success. Stops when q is far below the tolerance or no step helps.
    /// </summary>
    private FixedPoint Polish(RecurrentNetwork<double> network, double[] state, double[] input, StateRegion region, int startIndex, int descentIterations)
    {
        var next = new double[_state];
        var jacobian = new double[_state * _state];
        var normalEquations = new double[_state * _state];
        var damped = new double[_state * _state];
        var gradient = new double[_state];
        var step = new double[_state];
        var solver = new LuDecomposition(_state);
        var (residual, q) = Residual(network, state, input, next);
        var mu = 1e-6;
        var iterations = descentIterations;

        bool TryStep()
        {
            var trial = new double[_state];
            for (var d = 0; d < _state; d++)
            {
                trial[d] = state[d] + step[d];
            }
            region.Clip(trial);
            var (trialResidual, trialQ) = Residual(network, trial, input, next);
            if (!double.IsFinite(trialQ) || trialQ >= q)
            {
                return false;
            }
            (state, residual, q) = (trial, trialResidual, trialQ);
            return true;
        }

        for (var it = 0; it < _options.NewtonIterations && double.IsFinite(q) && q > _options.Tolerance * 1e-8; it++)
        {
            iterations++;
            network.Jacobians(state, input, jacobian, default);
            for (var d = 0; d < _state; d++)
            {
                jacobian[d * _state + d] -= 1;
            }
            if (solver.Factor(jacobian))
            {
                System.Numerics.Tensors.TensorPrimitives.Negate<double>(residual, step);
                solver.Solve(step);
                if (TryStep())
                {
                    continue;
                }
            }
            MatrixProduct.Multiply<double>(_state, _state, _state, jacobian, 1, _state, jacobian, _state, normalEquations, _state, false);
            MatrixProduct.Multiply<double>(_state, 1, _state, jacobian, 1, _state, residual, 1, gradient, 1, false);
            var scale = 1.0;
            for (var d = 0; d < _state; d++)
            {
                scale = Math.Max(scale, 1 + Math.Abs(normalEquations[d * _state + d]));
            }
            var accepted = false;
            for (var attempt = 0; attempt < 12 && !accepted; attempt++)
            {
                normalEquations.CopyTo(damped, 0);
                for (var d = 0; d < _state; d++)
                {
                    damped[d * _state + d] += mu * scale;
                }
                if (solver.Factor(damped))
                {
                    System.Numerics.Tensors.TensorPrimitives.Negate<double>(gradient, step);
                    solver.Solve(step);
                    accepted = TryStep();
                }
                mu = accepted ? Math.Max(mu / 10, 1e-15) : mu * 10;
            }
            if (!accepted)
            {
                break;
            }
        }
        var status = !double.IsFinite(q) ? FixedPointStatus.NonFinite
            : q <= _options.Tolerance ? FixedPointStatus.Converged
            : region.OnBoundary(state) ? FixedPointStatus.Diverged
            : q <= _options.SlowTolerance ? FixedPointStatus.Slow
            : FixedPointStatus.MaxIterations;
        return new FixedPoint(state, input, q, iterations, status, startIndex);
    }

    private (double[] Residual, double Speed) Residual(RecurrentNetwork<double> network, double[] state, double[] input, double[] next)
    {
        network.Step(state, input, next, 1);
        var residual = new double[_state];
        for (var d = 0; d < _state; d++)
        {
            residual[d] = next[d] - state[d];
        }
        return (residual, 0.5 * System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(residual));
    }

    private double Distance(double[] a, int i, double[] b, int j) => Distance(a.AsSpan(i * _state, _state), b.AsSpan(j * _state, _state));

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Distance<double>(a, b);
}
