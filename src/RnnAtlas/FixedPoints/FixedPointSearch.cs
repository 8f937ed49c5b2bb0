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

    /// <summary>The polish stops once q is this far below the tolerance (further steps only meet rounding).</summary>
    private const double ResidualFloor = 1e-8;

    /// <summary>Halvings of a Newton step tried before the damped fallback (down to 1/256 of the trust-limited step).</summary>
    private const int NewtonHalvings = 8;

    /// <summary>Damping increases (×10 each, from μ up to μ·10¹¹) tried before the polish gives up.</summary>
    private const int DampingAttempts = 12;

    /// <summary>Smallest Levenberg–Marquardt damping μ (relative to AᵀA's largest diagonal entry).</summary>
    private const double MinimumDamping = 1e-15;

    /// <summary>
    /// A candidate with q below the polish threshold within this × the unique tolerance of a known point stops as a
    /// duplicate: Newton converges quadratically from there, so it could only land on that point.
    /// </summary>
    private const double KnownPointReach = 10;

    /// <summary>
    /// After a full-length Newton step, the next steps reuse its LU factorization (chord steps, O(n²) instead of O(n³))
    /// while each cuts q at least this much; after the first that does not (kept if it lowered q at all) a fresh Newton
    /// step follows in the same iteration.
    /// </summary>
    private const double ChordContraction = 0.25;

    /// <summary>
    /// A Newton step cut to the trust radius that lowers q by at least this share of what the linear model predicts
    /// (q(1 − (1 − s)²) for a step of s times the full Newton step) doubles the radius for the next step: far from any
    /// point, where the Newton direction holds over long distances, starts otherwise crept toward their root 0.5
    /// spreads per factorization (vanilla-128's noisy root-search starts: ~25 steps each).
    /// </summary>
    private const double TrustExpansion = 0.75;

    /// <summary>The trust radius grows to at most this multiple of its initial value (<see cref="FixedPointOptions.TrustRadius"/>).</summary>
    private const double TrustCap = 16;

    /// <summary>
    /// Noise of the root search's fresh trajectory starts, in units of each dimension's spread, cycled start by start:
    /// raw trajectory states, and states pushed 0.1 and 0.3 spreads off the trajectories (the reference search's three
    /// levels), which reach saddles the trajectories pass far from.
    /// </summary>
    private static readonly double[] RootNoise = [0, 0.1, 0.3];

    /// <summary>
    /// Where on the segment from a new point to one of its <see cref="NearNeighbours"/> nearest known points the root
    /// search starts (farther neighbours: the midpoint only). A saddle between two points of a ReLU network need not lie
    /// near their midpoint, and Newton from the midpoint can leave for another linear region: on a GRU-ReLU flip-flop
    /// network trained 3,000 iterations, midpoints alone found 8/10/4/1 points by index, these three fractions the
    /// whole cube 8/12/6/1 (each point a root of the reference search's own cell code).
    /// </summary>
    private static readonly double[] SegmentFractions = [0.5, 0.3, 0.7];

    /// <summary>Nearest neighbours of a new point whose segments get every fraction of <see cref="SegmentFractions"/>.</summary>
    private const int NearNeighbours = 8;

    private readonly RecurrentNetwork<double> _network;
    private readonly NetworkParameters<float> _descentParameters;
    private readonly FixedPointOptions _options;
    private readonly int _state, _input, _threads;

    /// <summary>Unknowns of the polish's Newton system: the state size, or H for an LSTM (<see cref="LstmReduction"/>).</summary>
    private readonly int _newtonSize;

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
        _newtonSize = network.Shape.Cell == Cells.CellKind.Lstm ? network.Shape.HiddenSize : _state;
    }

    /// <summary>Runs the search at <paramref name="condition"/>, starting from <paramref name="trajectories"/> ([count, state]).</summary>
    public FixedPointSet Find(AnalysisCondition condition, ReadOnlySpan<double> trajectories)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var input = condition.Input.Select(v => (double)v).ToArray();
        var region = Region(trajectories);
        var starts = InitialStates(condition, trajectories, region);
        var rejected = new Dictionary<FixedPointStatus, int>();
        void Reject(FixedPointStatus status) => rejected[status] = rejected.GetValueOrDefault(status) + 1;

        var (states, speeds) = Descend(starts, input, region);
        var (close, mergedEarly) = MergeDescended(states, speeds, region, Reject);
        var polished = PolishAll(close.Select(k => (states.AsSpan(k * _state, _state).ToArray(), k)).ToList(), input, region, [], _options.DescentIterations);
        var found = new List<FixedPoint>();
        var duplicates = mergedEarly + Keep(polished, found, region, Reject);

        var (saturation, rootDuplicates) = SearchRoots(condition, trajectories, input, region, found, Reject);
        duplicates += rootDuplicates;

        if (_options.SlowPointSpacing is { } spacing)
        {
            KeepSlowPoints(close, states, speeds, input, region, spacing, found);
        }
        var kept = found.OrderBy(p => p.Speed).ToList();
        var inliers = kept.Where(p => region.DistanceFromCentroid(p.State) <= _options.OutlierFactor * Math.Max(region.Radius, region.Spread)).ToList();
        return new FixedPointSet(condition.Name, input, inliers, starts.Length / _state + saturation.Starts, rejected, duplicates, kept.Count - inliers.Count, saturation);
    }

    /// <summary>
    /// Step 8 of docs/fixed-points.md (slow points, when a spacing is set): descended candidates with q ≤ the slow
    /// tolerance that lie farther than <paramref name="spacing"/> × the spread from every kept point are kept at
    /// their descent state, lowest q first, so a continuous attractor is sampled along its length.
    /// </summary>
    private void KeepSlowPoints(List<int> close, double[] states, double[] speeds, double[] input, StateRegion region, double spacing, List<FixedPoint> found)
    {
        foreach (var k in close.Where(k => speeds[k] <= _options.SlowTolerance).OrderBy(k => speeds[k]))
        {
            var state = states.AsSpan(k * _state, _state).ToArray();
            var (_, q) = Residual(_network, state, input, new double[_state]);
            if (q <= _options.SlowTolerance && found.All(p => Distance(p.State, state) > spacing * region.Spread))
            {
                found.Add(new FixedPoint(state, input, q, _options.DescentIterations, q <= _options.Tolerance ? FixedPointStatus.Converged : FixedPointStatus.Slow, k));
            }
        }
    }

    /// <summary>
    /// The box candidates are kept in: the trajectories' box widened by the region margin, intersected with the box a
    /// bounded cell's state can reach (|h| ≤ 1 for tanh cells; an LSTM's cell state c is unbounded).
    /// </summary>
    private StateRegion Region(ReadOnlySpan<double> trajectories)
    {
        var region = StateRegion.Of(trajectories, _state, _options.RegionMargin);
        return _network.Shape.Activation == Cells.Activation.Tanh ? region.Within(-1, 1, _network.Shape.HiddenSize) : region;
    }

    /// <summary>
    /// Step 4 of docs/fixed-points.md (merge): descended candidates in order of q; a candidate within the unique
    /// tolerance of a better one is the same point. Returns the distinct candidates that came close enough to polish
    /// (q ≤ the polish threshold) and the number merged; the others are rejected (diverged when stuck on the region's
    /// boundary).
    /// </summary>
    private (List<int> Close, int Merged) MergeDescended(double[] states, double[] speeds, StateRegion region, Action<FixedPointStatus> reject)
    {
        var distinct = new List<int>();
        var merged = 0;
        foreach (var k in Enumerable.Range(0, speeds.Length).OrderBy(k => speeds[k]))
        {
            if (!double.IsFinite(speeds[k]))
            {
                reject(FixedPointStatus.NonFinite);
            }
            else if (distinct.Any(j => Distance(states, j, states, k) <= _options.UniqueTolerance * region.Spread))
            {
                merged++;
            }
            else
            {
                distinct.Add(k);
            }
        }
        var close = distinct.Where(k => speeds[k] <= _options.PolishThreshold).ToList();
        foreach (var k in distinct.Except(close))
        {
            reject(region.OnBoundary(states.AsSpan(k * _state, _state)) ? FixedPointStatus.Diverged : FixedPointStatus.MaxIterations);
        }
        return (close, merged);
    }

    /// <summary>
    /// Polishes every candidate on its own (in parallel, so results do not depend on the thread count); a candidate that
    /// comes within reach of a point of <paramref name="known"/> stops there as a duplicate (null).
    /// </summary>
    private FixedPoint?[] PolishAll(List<(double[] State, int Start)> candidates, double[] input, StateRegion region, IReadOnlyList<FixedPoint> known, int startIterations)
    {
        var outcomes = new FixedPoint?[candidates.Count];
        WorkQueue.Run(Enumerable.Range(0, candidates.Count), _threads, () => PolishWorkspace.For(new RecurrentNetwork<double>(_network.Parameters), _state, _newtonSize), (workspace, i) =>
            outcomes[i] = Polish(workspace, candidates[i].State, input, region, candidates[i].Start, startIterations, known), CancellationToken.None);
        return outcomes;
    }

    /// <summary>
    /// Adds the converged and slow outcomes that are not yet in <paramref name="found"/>, in order of q, and rejects the
    /// others by status; returns the number of duplicates (including candidates that stopped at a known point).
    /// </summary>
    private int Keep(IEnumerable<FixedPoint?> outcomes, List<FixedPoint> found, StateRegion region, Action<FixedPointStatus> reject)
    {
        var duplicates = 0;
        foreach (var point in outcomes.OrderBy(p => p?.Speed ?? double.NegativeInfinity))
        {
            if (point is null || (point.Status is FixedPointStatus.Converged or FixedPointStatus.Slow && found.Any(p => Distance(p.State, point.State) <= _options.UniqueTolerance * region.Spread)))
            {
                duplicates++;
            }
            else if (point.Status is FixedPointStatus.Converged or FixedPointStatus.Slow)
            {
                found.Add(point);
            }
            else
            {
                reject(point.Status);
            }
        }
        return duplicates;
    }

    /// <summary>
    /// Step 6 of docs/fixed-points.md (root search): safeguarded Newton directly from starting states, in rounds,
    /// until the set of points saturates. Descent on q pulls candidates toward minima and shallow saddles; Newton's
    /// basins cover roots of every index. Each round starts from the midpoints between each newly found point and its
    /// nearest known points (where the saddles joining neighbouring points lie) and from fresh trajectory samples;
    /// the search stops when <see cref="FixedPointOptions.SaturationStarts"/> consecutive trajectory starts found
    /// nothing new (saturated), or when <see cref="FixedPointOptions.MaxStarts"/> trajectory starts are spent (not
    /// saturated: the set may be incomplete); midpoint starts have a budget of their own of the same size. Each round
    /// polishes its starts against the points known when it began, so results do not depend on threads.
    /// </summary>
    private (SearchSaturation Saturation, int Duplicates) SearchRoots(AnalysisCondition condition, ReadOnlySpan<double> trajectories, double[] input, StateRegion region, List<FixedPoint> found, Action<FixedPointStatus> reject)
    {
        var rng = new SeededRandom(SeededRandom.Derive((ulong)_options.Seed + 1, condition.Name));
        var count = trajectories.Length / _state;
        var samples = trajectories.ToArray();
        var spread = Spread(trajectories, region);
        var startsCurve = new List<int>();
        var pointsCurve = new List<int>();
        var fresh = found.ToList();
        int used = 0, sampledTotal = 0, midpointTotal = 0, quiet = 0, duplicates = 0, index = _options.InitialStates;
        while (quiet < _options.SaturationStarts && sampledTotal < _options.MaxStarts)
        {
            var candidates = new List<(double[] State, int Start)>();
            var position = found.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
            var pairs = new HashSet<(int, int)>();
            foreach (var point in fresh)
            {
                var rank = 0;
                foreach (var neighbour in found.Where(p => p != point).OrderBy(p => Distance(p.State, point.State)).Take(_options.NeighbourMidpoints))
                {
                    // Two fresh points that are each other's neighbours share their starts: start from them once.
                    var (a, b) = (position[point], position[neighbour]);
                    if (pairs.Add((Math.Min(a, b), Math.Max(a, b))))
                    {
                        foreach (var fraction in rank < NearNeighbours ? SegmentFractions : [0.5])
                        {
                            candidates.Add(([.. point.State.Zip(neighbour.State, (x, y) => x + fraction * (y - x))], index++));
                        }
                    }
                    rank++;
                }
            }
            candidates = [.. candidates.Take(_options.MaxStarts - midpointTotal)];
            midpointTotal += candidates.Count;
            var sampled = Math.Min(_options.RoundStarts, _options.MaxStarts - sampledTotal);
            for (var k = 0; k < sampled; k++)
            {
                var source = (int)(rng.NextUInt64() % (ulong)count);
                var state = samples.AsSpan(source * _state, _state).ToArray();
                var noise = RootNoise[(sampledTotal + k) % RootNoise.Length];
                for (var d = 0; noise > 0 && d < _state; d++)
                {
                    state[d] += noise * spread[d] * rng.NextGaussian();
                }
                region.Clip(state);
                candidates.Add((state, index++));
            }
            sampledTotal += sampled;
            var before = found.Count;
            var outcomes = PolishAll(candidates, input, region, found, 0);
            duplicates += Keep(outcomes, found, region, reject);
            used += candidates.Count;
            fresh = found.Skip(before).ToList();
            quiet = fresh.Count == 0 ? quiet + sampled : 0;
            startsCurve.Add(used);
            pointsCurve.Add(found.Count);
        }
        return (new SearchSaturation(used, [.. startsCurve], [.. pointsCurve], quiet >= _options.SaturationStarts), duplicates);
    }

    /// <summary>
    /// The initial states <see cref="Find"/> starts from at <paramref name="condition"/>: trajectory states drawn uniformly
    /// (seeded by the options' seed and the condition's name) plus Gaussian noise of NoiseScale × each dimension's
    /// spread, clipped to the region; [InitialStates, state].
    /// </summary>
    public double[] InitialStates(AnalysisCondition condition, ReadOnlySpan<double> trajectories) =>
        InitialStates(condition, trajectories, Region(trajectories));

    private double[] InitialStates(AnalysisCondition condition, ReadOnlySpan<double> trajectories, StateRegion region)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var rng = new SeededRandom(SeededRandom.Derive((ulong)_options.Seed, condition.Name));
        var count = trajectories.Length / _state;
        var scale = Spread(trajectories, region);
        for (var d = 0; d < _state; d++)
        {
            scale[d] *= _options.NoiseScale;
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

    /// <summary>Each state dimension's standard deviation over the trajectory samples (about the region's centroid).</summary>
    private double[] Spread(ReadOnlySpan<double> trajectories, StateRegion region)
    {
        var count = trajectories.Length / _state;
        var spread = new double[_state];
        for (var d = 0; d < _state; d++)
        {
            double variance = 0;
            for (var n = 0; n < count; n++)
            {
                var e = trajectories[n * _state + d] - region.Centroid[d];
                variance += e * e / count;
            }
            spread[d] = Math.Sqrt(variance);
        }
        return spread;
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
        var descended = new double[starts.Length];
        var speeds = new double[count];
        var unroll = new NetworkUnroll<float>(_descentParameters, count, 1);
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
        // Rows 0 … active − 1 of the batch are the candidates still descending; candidate[row] says which one each is.
        var candidate = Enumerable.Range(0, count).ToArray();
        var active = count;
        var stopping = new List<int>();
        for (var iteration = 0; active > 0; iteration++)
        {
            var rows = active * _state;
            unroll.Forward(_descentParameters, inputs.AsSpan(0, active * _input), active, states.AsSpan(0, rows));
            System.Numerics.Tensors.TensorPrimitives.Subtract(unroll.States[rows..], states.AsSpan(0, rows), residual.AsSpan(0, rows));
            // A candidate stops when its iterations are spent or once it is a fixed point (q ≤ the tolerance), keeping the
            // state whose q was measured; its row leaves the batch after the backward step, which needs the rows in place.
            stopping.Clear();
            for (var row = 0; row < active; row++)
            {
                var speed = 0.5 * System.Numerics.Tensors.TensorPrimitives.SumOfSquares<float>(residual.AsSpan(row * _state, _state));
                if (iteration == _options.DescentIterations || speed <= _options.Tolerance)
                {
                    var k = candidate[row];
                    for (var d = 0; d < _state; d++)
                    {
                        descended[k * _state + d] = states[row * _state + d];
                    }
                    speeds[k] = speed;
                    stopping.Add(row);
                }
            }
            if (stopping.Count < active)
            {
                unroll.Backward(_descentParameters, inputs.AsSpan(0, active * _input), default, residual.AsSpan(0, rows), default, gradient, default);
                System.Numerics.Tensors.TensorPrimitives.Subtract(gradient.AsSpan(0, rows), residual.AsSpan(0, rows), gradient.AsSpan(0, rows));
                AdamUpdate.Apply(states.AsSpan(0, rows), gradient.AsSpan(0, rows), m, v, iteration + 1, rate, Beta1, Beta2, AdamEpsilon);
                for (var row = 0; row < active; row++)
                {
                    var state = states.AsSpan(row * _state, _state);
                    System.Numerics.Tensors.TensorPrimitives.Max(state, lower, state);
                    System.Numerics.Tensors.TensorPrimitives.Min(state, upper, state);
                }
            }
            // The last row moves into each stopped one, highest first, so that the row moved in is still descending.
            for (var i = stopping.Count - 1; i >= 0; i--)
            {
                var row = stopping[i];
                active--;
                states.AsSpan(active * _state, _state).CopyTo(states.AsSpan(row * _state));
                m.AsSpan(active * _state, _state).CopyTo(m.AsSpan(row * _state));
                v.AsSpan(active * _state, _state).CopyTo(v.AsSpan(row * _state));
                candidate[row] = candidate[active];
            }
        }
        return (descended, speeds);
    }

    /// <summary>
    /// Newton's method on r(h) = F(h, x*) − h with a Levenberg–Marquardt fallback, in float64 with the analytic Jacobian
    /// A = ∂F/∂h − I (for an LSTM, on h alone with c kept at c*(h): <see cref="LstmReduction"/>): each iteration first
    /// tries the Newton step δ = −A⁻¹r, shortened to the trust radius (which widens while the linear model holds, see
    /// <see cref="TrustExpansion"/>) and then halved until q falls (δ is a descent direction of q wherever A is regular,
    /// so backtracking keeps Newton's basins, which reach roots of every index, while never letting q grow); Newton
    /// converges quadratically also along the slow modes (|λ| ≈ 1) that a damped step crosses only linearly. When no
    /// shortened Newton step lowers q (A singular, as on a line attractor, or a local minimum of q ahead) it takes damped
    /// steps δ = −(AᵀA + μI)⁻¹Aᵀr, μ ×10 after a failure and ÷10 after a success. Stops when q is far below the tolerance, when no step helps, or — returning null — when
    /// the candidate comes within reach of a point of <paramref name="known"/> (it would converge to a duplicate).
    /// </summary>
    private FixedPoint? Polish(PolishWorkspace workspace, double[] state, double[] input, StateRegion region, int startIndex, int startIterations, IReadOnlyList<FixedPoint> known)
    {
        var (network, next, jacobian, newtonMatrix, normalEquations, damped, gradient, step, solver, drive) = workspace;
        // The Newton system: F(h) − h in all n coordinates, or for an LSTM h'(h, c*(h)) − h in its m = H coordinates
        // with c kept at c*(h) (LstmReduction); its residual is the first m entries of the full one, whose others vanish.
        var m = _newtonSize;
        Settle(network, state, input, next, drive);
        var (residual, q) = Residual(network, state, input, next);
        var mu = 1e-6;
        var iterations = startIterations;
        var trustRadius = _options.TrustRadius * region.Spread;
        var minimumTrust = trustRadius;
        var maximumTrust = TrustCap * trustRadius;
        var reach = KnownPointReach * _options.UniqueTolerance * region.Spread;

        bool TryStep(double scale)
        {
            var trial = new double[_state];
            for (var d = 0; d < m; d++)
            {
                trial[d] = state[d] + scale * step[d];
            }
            Settle(network, trial, input, next, drive);
            region.Clip(trial);
            var (trialResidual, trialQ) = Residual(network, trial, input, next);
            if (!double.IsFinite(trialQ) || trialQ >= q)
            {
                return false;
            }
            (state, residual, q) = (trial, trialResidual, trialQ);
            return true;
        }

        // Whether the solver holds a factorization good enough for chord steps (set by a full-length Newton step).
        var chord = false;

        bool TryChordStep()
        {
            System.Numerics.Tensors.TensorPrimitives.Negate<double>(residual.AsSpan(0, m), step);
            solver.Solve(step);
            var before = q;
            return TryStep(1) && q <= ChordContraction * before;
        }

        bool TryNewtonStep()
        {
            chord = false;
            if (!solver.Factor(newtonMatrix))
            {
                return false;
            }
            System.Numerics.Tensors.TensorPrimitives.Negate<double>(residual.AsSpan(0, m), step);
            solver.Solve(step);
            var length = System.Numerics.Tensors.TensorPrimitives.Norm<double>(step);
            var scale = length > trustRadius ? trustRadius / length : 1.0;
            var before = q;
            for (var halving = 0; halving <= NewtonHalvings; halving++, scale /= 2)
            {
                if (TryStep(scale))
                {
                    chord = scale == 1.0;
                    if (halving > 0)
                    {
                        trustRadius = Math.Max(scale * length, minimumTrust);
                    }
                    else if (scale < 1 && before - q >= TrustExpansion * before * (1 - (1 - scale) * (1 - scale)))
                    {
                        trustRadius = Math.Min(2 * trustRadius, maximumTrust);
                    }
                    return true;
                }
            }
            return false;
        }

        bool TryDampedStep()
        {
            MatrixProduct.Multiply<double>(m, m, m, newtonMatrix, 1, m, newtonMatrix, m, normalEquations, m, false);
            MatrixProduct.Multiply<double>(m, 1, m, newtonMatrix, 1, m, residual, 1, gradient, 1, false);
            var diagonal = 1.0;
            for (var d = 0; d < m; d++)
            {
                diagonal = Math.Max(diagonal, 1 + Math.Abs(normalEquations[d * m + d]));
            }
            for (var attempt = 0; attempt < DampingAttempts; attempt++)
            {
                normalEquations.CopyTo(damped, 0);
                for (var d = 0; d < m; d++)
                {
                    damped[d * m + d] += mu * diagonal;
                }
                var accepted = false;
                if (solver.Factor(damped))
                {
                    System.Numerics.Tensors.TensorPrimitives.Negate<double>(gradient, step);
                    solver.Solve(step);
                    accepted = TryStep(1);
                }
                mu = accepted ? Math.Max(mu / 10, MinimumDamping) : mu * 10;
                if (accepted)
                {
                    return true;
                }
            }
            return false;
        }

        for (var it = 0; it < _options.NewtonIterations && double.IsFinite(q) && q > _options.Tolerance * ResidualFloor; it++)
        {
            iterations++;
            if (!chord || !TryChordStep())
            {
                network.Jacobians(state, input, jacobian, default);
                NewtonMatrix(jacobian, newtonMatrix);
                if (!TryNewtonStep() && !TryDampedStep())
                {
                    break;
                }
            }
            if (known.Count > 0 && q <= _options.PolishThreshold && known.Any(p => Distance(p.State, state) <= reach))
            {
                return null;
            }
        }
        var status = !double.IsFinite(q) ? FixedPointStatus.NonFinite
            : Saturated(state) ? FixedPointStatus.Saturated
            : q <= _options.Tolerance ? FixedPointStatus.Converged
            : region.OnBoundary(state) ? FixedPointStatus.Diverged
            : q <= _options.SlowTolerance ? FixedPointStatus.Slow
            : FixedPointStatus.MaxIterations;
        return new FixedPoint(state, input, q, iterations, status, startIndex);
    }

    /// <summary>
    /// True when a bounded coordinate sits on the face of the reachable box (|h| = 1 for a tanh cell's h): no fixed
    /// point lies there, but saturated gates make q tiny ("fixed points at infinity").
    /// </summary>
    private bool Saturated(ReadOnlySpan<double> state)
    {
        if (_network.Shape.Activation != Cells.Activation.Tanh)
        {
            return false;
        }
        foreach (var h in state[.._network.Shape.HiddenSize])
        {
            if (Math.Abs(h) >= 1)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>For an LSTM, moves <paramref name="state"/>'s cell state to c*(h) (<see cref="LstmReduction.Settle"/>); otherwise nothing.</summary>
    private void Settle(RecurrentNetwork<double> network, double[] state, double[] input, double[] next, double[] drive)
    {
        if (_newtonSize < _state)
        {
            LstmReduction.Settle(network, state, input, next, drive);
        }
    }

    /// <summary>The Newton matrix from the Jacobian J at a (settled) state: J − I in place, or an LSTM's reduced one.</summary>
    private void NewtonMatrix(double[] jacobian, double[] newtonMatrix)
    {
        if (_newtonSize < _state)
        {
            LstmReduction.Reduce(jacobian, _newtonSize, newtonMatrix);
            return;
        }
        for (var d = 0; d < _state; d++)
        {
            jacobian[d * _state + d] -= 1;
        }
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

    /// <summary>
    /// One worker's buffers for <see cref="Polish"/>, reused across candidates: the matrices are n² each, and allocating
    /// them per candidate (on the large-object heap from n = 128, an LSTM-64's state) cost an LSTM's search a third of
    /// its time in full collections.
    /// </summary>
    private sealed record PolishWorkspace(
        RecurrentNetwork<double> Network,
        double[] Next,
        double[] Jacobian,
        double[] NewtonMatrix,
        double[] NormalEquations,
        double[] Damped,
        double[] Gradient,
        double[] Step,
        LuDecomposition Solver,
        double[] Drive)
    {
        /// <summary>
        /// Buffers for states of <paramref name="size"/> and a Newton system of <paramref name="newton"/> unknowns; when
        /// the two are equal the Newton matrix is the Jacobian's own buffer (A = J − I in place).
        /// </summary>
        public static PolishWorkspace For(RecurrentNetwork<double> network, int size, int newton)
        {
            var jacobian = new double[size * size];
            return new PolishWorkspace(network, new double[size], jacobian, newton == size ? jacobian : new double[newton * newton], new double[newton * newton],
                new double[newton * newton], new double[newton], new double[newton], new LuDecomposition(newton), new double[size - newton]);
        }
    }
}
