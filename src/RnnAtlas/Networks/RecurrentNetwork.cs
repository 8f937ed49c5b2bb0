using System.Numerics;
using RnnAtlas.Tasks;

namespace RnnAtlas.Networks;

/// <summary>
/// A network as a dynamical system for analysis: one step F(h, x), its recurrent Jacobian ∂F/∂h and input Jacobian
/// ∂F/∂x, readouts, and runs over trials. Not thread-safe (it keeps workspaces); use one instance per thread.
/// </summary>
/// <remarks>
/// The Jacobians are exact vector–Jacobian products of the cells' backward steps: seeding dL/dh(1) with the unit
/// vectors eᵢ (one per row of a batch of S identical states) yields row i of ∂F/∂h as dL/dh(0) and row i of ∂F/∂x as
/// dL/dx, so the derivative of every cell is written once and shared by training and analysis.
/// </remarks>
public sealed class RecurrentNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private NetworkUnroll<T>? _step;
    private NetworkUnroll<T>? _jacobian;

    /// <summary>
    /// Wraps <paramref name="parameters"/> (not copied), which are this system's and must not change while it is used:
    /// its workspaces transpose the weights once.
    /// </summary>
    public RecurrentNetwork(NetworkParameters<T> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
    }

    /// <summary>The parameters.</summary>
    public NetworkParameters<T> Parameters { get; }

    /// <summary>The architecture.</summary>
    public NetworkShape Shape => Parameters.Shape;

    /// <summary>next[r] = F(states[r], inputs[r]) for <paramref name="rows"/> rows ([rows, state], [rows, input]).</summary>
    public void Step(ReadOnlySpan<T> states, ReadOnlySpan<T> inputs, Span<T> next, int rows)
    {
        var unroll = Workspace(ref _step, rows, 1);
        unroll.Forward(Parameters, inputs[..(rows * Shape.InputSize)], rows, states[..(rows * Shape.StateSize)]);
        unroll.States.Slice(rows * Shape.StateSize, rows * Shape.StateSize).CopyTo(next);
    }

    /// <summary>
    /// Writes ∂F/∂h at (state, input) into <paramref name="recurrent"/> ([state, state], row i = ∂F_i/∂h) and, when not
    /// empty, ∂F/∂x into <paramref name="input"/> ([state, input]).
    /// </summary>
    public void Jacobians(ReadOnlySpan<T> state, ReadOnlySpan<T> input, Span<T> recurrent, Span<T> inputJacobian) =>
        Workspace(ref _jacobian, Shape.StateSize, 1).StepJacobians(Parameters, state, input, recurrent, inputJacobian);

    /// <summary>outputs[r] = W_out h(states[r]) + b_out for <paramref name="rows"/> rows.</summary>
    public void Readout(ReadOnlySpan<T> states, Span<T> outputs, int rows)
    {
        var tensors = Parameters.Tensors;
        Networks.Readout.Apply(states, Shape.StateSize, Shape.HiddenSize, tensors.ReadoutWeights, tensors.ReadoutBias, outputs, rows);
    }

    /// <summary>
    /// Runs the network on <paramref name="trials"/> from their <see cref="TrialBatch.InitialState"/> (the zero state when
    /// they have none); returns states [batch, time, state] (the state after each step) and outputs [batch, time, output].
    /// </summary>
    /// <exception cref="ArgumentException">The trials' initial state is not as long as the network's state.</exception>
    public (T[] States, T[] Outputs) Run(TrialBatch trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var unroll = new NetworkUnroll<T>(Parameters, trials.BatchSize, trials.TimeSteps);
        var inputs = TimeMajor.FromTrials<T>(trials.Inputs, trials.BatchSize, trials.TimeSteps, trials.InputSize);
        var initial = new T[trials.InitialState is null ? 0 : trials.BatchSize * Shape.StateSize];
        if (trials.InitialState is { } start)
        {
            if (start.Length != Shape.StateSize)
            {
                throw new ArgumentException($"the initial state holds {start.Length} values, the network's state {Shape.StateSize}", nameof(trials));
            }
            for (var b = 0; b < trials.BatchSize; b++)
            {
                for (var i = 0; i < start.Length; i++)
                {
                    initial[b * start.Length + i] = T.CreateChecked(start[i]);
                }
            }
        }
        unroll.Forward(Parameters, inputs, trials.BatchSize, initial);
        var states = TimeMajor.ToTrials(unroll.States[(trials.BatchSize * Shape.StateSize)..], trials.BatchSize, trials.TimeSteps, Shape.StateSize);
        var outputs = TimeMajor.ToTrials(unroll.Outputs, trials.BatchSize, trials.TimeSteps, Shape.OutputSize);
        return (states, outputs);
    }

    private NetworkUnroll<T> Workspace(ref NetworkUnroll<T>? cached, int rows, int time)
    {
        if (cached is null || cached.BatchCapacity < rows)
        {
            cached = new NetworkUnroll<T>(Parameters, rows, time);
        }
        return cached;
    }
}
