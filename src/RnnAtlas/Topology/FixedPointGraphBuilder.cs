using System.Globalization;
using RnnAtlas.FixedPoints;
using RnnAtlas.Networks;
using Lin = RnnAtlas.Linearization.Linearization;

namespace RnnAtlas.Topology;

/// <summary>
/// Builds a network's <see cref="FixedPointGraph"/> at one constant input: from each saddle, runs the autonomous
/// dynamics from h* ± ε·v along every unstable direction (a complex pair contributes its real and imaginary parts);
/// from each stable point, applies each input pulse for one step; every run goes on until it rests at a known point,
/// rests elsewhere, escapes the trajectories' region, or exhausts the step budget. All runs advance together, one
/// batched step at a time.
/// </summary>
public sealed class FixedPointGraphBuilder
{
    private readonly RecurrentNetwork<double> _network;
    private readonly StateRegion _region;
    private readonly TopologyOptions _options;
    private readonly double _stabilityTolerance;

    /// <summary>Builds graphs of <paramref name="network"/> within <paramref name="region"/> (its trajectories' region).</summary>
    public FixedPointGraphBuilder(RecurrentNetwork<double> network, StateRegion region, TopologyOptions options, double stabilityTolerance)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _region = region;
        _options = options;
        _stabilityTolerance = stabilityTolerance;
    }

    /// <summary>The graph of <paramref name="points"/> at constant <paramref name="input"/>, probing stable points with <paramref name="pulses"/>.</summary>
    public FixedPointGraph Build(IReadOnlyList<ScaffoldPoint> points, double[] input, IReadOnlyList<InputPulse> pulses)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(pulses);
        var nodes = points.Select((p, i) => new GraphNode(i, p.Index, p.UnstableDimensions, p.UnstableDimensions == 0 ? Pattern(p.Readout) : null)).ToList();
        var runs = new List<(int From, TransitionKind Kind, string Via, double[] Start, double[] FirstInput)>();
        var epsilon = _options.Perturbation * _region.Radius;
        foreach (var node in nodes)
        {
            var point = points[node.Index];
            if (node.UnstableDimensions > 0)
            {
                var modes = Lin.At(_network, point.State, input, _stabilityTolerance).Modes.Where(m => m.Unstable).ToList();
                for (var m = 0; m < modes.Count; m++)
                {
                    var mode = modes[m];
                    var parts = mode.Value.Imaginary == 0
                        ? new[] { ("", mode.Right.Select(c => c.Real).ToArray()) }
                        : [("re", mode.Right.Select(c => c.Real).ToArray()), ("im", mode.Right.Select(c => c.Imaginary).ToArray())];
                    foreach (var (part, direction) in parts)
                    {
                        var norm = Math.Sqrt(direction.Sum(v => v * v));
                        foreach (var sign in new[] { 1, -1 })
                        {
                            var start = point.State.Select((h, i) => h + sign * epsilon * direction[i] / norm).ToArray();
                            var via = string.Create(CultureInfo.InvariantCulture, $"mode {m}{(part.Length > 0 ? " " + part : "")} {(sign > 0 ? '+' : '-')}");
                            runs.Add((node.Index, TransitionKind.UnstableManifold, via, start, input));
                        }
                    }
                }
            }
            else
            {
                runs.AddRange(pulses.Select(p => (node.Index, TransitionKind.Input, p.Name, point.State, p.Input)));
            }
        }
        var ends = Settle(runs.Select(r => r.Start).ToList(), runs.Select(r => r.FirstInput).ToList(), input, points);
        var edges = runs.Select((r, i) => new Transition(r.From, ends[i].Point, r.Kind, r.Via, ends[i].Outcome, ends[i].Steps)).ToList();
        return new FixedPointGraph(nodes, edges);
    }

    /// <summary>The signs of a readout as a string of '+' and '-'.</summary>
    public static string Pattern(IEnumerable<double> readout) => string.Concat(readout.Select(v => v > 0 ? '+' : '-'));

    /// <summary>Runs every start (first step under its own input, then <paramref name="input"/>) until each ends.</summary>
    private List<(int? Point, TransitionOutcome Outcome, int Steps)> Settle(List<double[]> starts, List<double[]> firstInputs, double[] input, IReadOnlyList<ScaffoldPoint> points)
    {
        var rows = starts.Count;
        var s = _network.Shape.StateSize;
        var inputSize = _network.Shape.InputSize;
        var results = new (int? Point, TransitionOutcome Outcome, int Steps)[rows];
        if (rows == 0)
        {
            return [];
        }
        var states = starts.SelectMany(x => x).ToArray();
        var next = new double[rows * s];
        var inputs = firstInputs.SelectMany(x => x).ToArray();
        var active = Enumerable.Range(0, rows).ToList();
        var arrival = _options.Arrival * _region.Radius;
        var settled = _options.Settled * _region.Radius;
        var escape = _options.Escape * _region.Radius;
        for (var step = 1; step <= _options.MaxSteps && active.Count > 0; step++)
        {
            _network.Step(states, inputs, next, rows);
            if (step == 1)
            {
                for (var r = 0; r < rows; r++)
                {
                    input.CopyTo(inputs, r * inputSize);
                }
            }
            var still = new List<int>(active.Count);
            foreach (var r in active)
            {
                var state = next.AsSpan(r * s, s);
                var movement = Distance(state, states.AsSpan(r * s, s));
                if (!double.IsFinite(movement) || Distance(state, _region.Centroid) > escape)
                {
                    results[r] = (null, TransitionOutcome.Escaped, step);
                }
                else if (step > 1 && movement < settled)
                {
                    var (nearest, distance) = (-1, double.PositiveInfinity);
                    for (var p = 0; p < points.Count; p++)
                    {
                        var d = Distance(state, points[p].State);
                        (nearest, distance) = d < distance ? (p, d) : (nearest, distance);
                    }
                    results[r] = distance < arrival ? (nearest, TransitionOutcome.FixedPoint, step) : (null, TransitionOutcome.UnknownPoint, step);
                }
                else
                {
                    still.Add(r);
                }
            }
            (states, next) = (next, states);
            active = still;
        }
        foreach (var r in active)
        {
            results[r] = (null, TransitionOutcome.Unsettled, _options.MaxSteps);
        }
        return [.. results];
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Distance(a, b);
}
