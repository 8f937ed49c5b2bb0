using System.Numerics;
using System.Numerics.Tensors;
using RnnAtlas.Cells;
using RnnAtlas.Numerics;

namespace RnnAtlas.Networks;

/// <summary>
/// Runs a network over a batch of sequences and back-propagates through time, in preallocated buffers so that a training
/// iteration allocates nothing. One instance serves one thread; it can be reused for any network of the same shape.
/// </summary>
/// <remarks>
/// Layouts: inputs [time, batch, input] (time-major), states [time + 1, batch, state] with the initial state first,
/// outputs [time, batch, output]. Drives are gate-major [gate, time·batch, H] so each gate's drive over the whole
/// sequence is one matrix, which turns the input projection and the weight gradients into single large products:
/// ∂L/∂W_hh,g = Σ_t dA_g(t)ᵀ h(t−1) is one [H × time·batch] · [time·batch × H] product.
/// </remarks>
public sealed class NetworkUnroll<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NetworkShape _shape;
    private readonly Cell<T> _cell;
    private readonly int _gates, _hidden, _state, _input, _output;
    private readonly T[] _inputWeightsT, _recurrentWeightsT, _drives, _recurrentDriveGradient, _stepDrive;
    private readonly T[] _states, _cache, _outputs, _stateGradient, _nextGradient, _inputWeightGradientT;
    private int _batch;

    /// <summary>Allocates buffers for up to <paramref name="batchCapacity"/> sequences of <paramref name="timeSteps"/> steps.</summary>
    public NetworkUnroll(NetworkShape shape, int batchCapacity, int timeSteps)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSteps, 1);
        _shape = shape;
        _cell = Cell<T>.Create(shape.Cell, shape.Activation, shape.HiddenSize);
        _gates = shape.GateCount;
        _hidden = shape.HiddenSize;
        _state = shape.StateSize;
        _input = shape.InputSize;
        _output = shape.OutputSize;
        BatchCapacity = batchCapacity;
        TimeSteps = timeSteps;
        var rows = batchCapacity * timeSteps;
        _inputWeightsT = new T[_gates * _input * _hidden];
        _recurrentWeightsT = new T[_gates * _hidden * _hidden];
        _drives = new T[_gates * rows * _hidden];
        _recurrentDriveGradient = _cell.SeparateRecurrentGradient ? new T[_gates * rows * _hidden] : [];
        _stepDrive = new T[_gates * batchCapacity * _hidden];
        _states = new T[(timeSteps + 1) * batchCapacity * _state];
        _cache = new T[rows * _cell.CacheWidth];
        _outputs = new T[rows * _output];
        _stateGradient = new T[batchCapacity * _state];
        _nextGradient = new T[batchCapacity * _state];
        _inputWeightGradientT = new T[_input * _hidden];
    }

    /// <summary>Largest batch this instance can run.</summary>
    public int BatchCapacity { get; }

    /// <summary>Sequence length.</summary>
    public int TimeSteps { get; }

    /// <summary>Batch of the last <see cref="Forward"/>.</summary>
    public int Batch => _batch;

    /// <summary>States of the last forward pass, [time + 1, batch, state]; the initial state comes first.</summary>
    public ReadOnlySpan<T> States => _states.AsSpan(0, (TimeSteps + 1) * _batch * _state);

    /// <summary>Readouts of the last forward pass, [time, batch, output].</summary>
    public ReadOnlySpan<T> Outputs => _outputs.AsSpan(0, TimeSteps * _batch * _output);

    /// <summary>
    /// Runs the network: h(t+1) = F(h(t), x(t)), y(t) = W_out h(t+1) + b_out, for t = 0 … T−1.
    /// </summary>
    /// <param name="parameters">Network parameters (shape must match).</param>
    /// <param name="inputs">[time, batch, input].</param>
    /// <param name="batch">Number of sequences, at most <see cref="BatchCapacity"/>.</param>
    /// <param name="initialState">[batch, state], or empty for zeros.</param>
    public void Forward(NetworkParameters<T> parameters, ReadOnlySpan<T> inputs, int batch, ReadOnlySpan<T> initialState)
    {
        CheckParameters(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, BatchCapacity);
        var rows = TimeSteps * batch;
        if (inputs.Length != rows * _input)
        {
            throw new ArgumentException($"inputs hold {inputs.Length} values, [time={TimeSteps}, batch={batch}, input={_input}] needs {rows * _input}", nameof(inputs));
        }
        _batch = batch;
        TransposeWeights(parameters);
        var h = _hidden;
        var inputBias = parameters.Tensor(ParameterLayout.InputBiasName);
        var recurrentBias = parameters.Tensor(ParameterLayout.RecurrentBiasName);
        for (var g = 0; g < _gates; g++)
        {
            var drive = _drives.AsSpan(g * rows * h, rows * h);
            MatrixProduct.Multiply<T>(rows, h, _input, inputs, _input, 1, _inputWeightsT.AsSpan(g * _input * h, _input * h), h, drive, h, false);
            AddToRows(drive, rows, inputBias.Slice(g * h, h));
        }
        var stateBlock = batch * _state;
        if (initialState.IsEmpty)
        {
            _states.AsSpan(0, stateBlock).Clear();
        }
        else
        {
            initialState[..stateBlock].CopyTo(_states);
        }
        for (var t = 0; t < TimeSteps; t++)
        {
            var previous = _states.AsSpan(t * stateBlock, stateBlock);
            for (var g = 0; g < _gates; g++)
            {
                var drive = _stepDrive.AsSpan(g * batch * h, batch * h);
                MatrixProduct.Multiply<T>(batch, h, h, previous, _state, 1, _recurrentWeightsT.AsSpan(g * h * h, h * h), h, drive, h, false);
                AddToRows(drive, batch, recurrentBias.Slice(g * h, h));
            }
            _cell.Forward(new CellForward<T>
            {
                InputDrive = _drives.AsSpan(t * batch * h),
                InputGateStride = rows * h,
                RecurrentDrive = _stepDrive,
                RecurrentGateStride = batch * h,
                Previous = previous,
                Next = _states.AsSpan((t + 1) * stateBlock, stateBlock),
                Cache = _cache.AsSpan(t * batch * _cell.CacheWidth, batch * _cell.CacheWidth),
                Rows = batch,
            });
        }
        var readout = parameters.Tensor(ParameterLayout.ReadoutWeightsName);
        var readoutBias = parameters.Tensor(ParameterLayout.ReadoutBiasName);
        for (var r = 0; r < rows; r++)
        {
            var state = _states.AsSpan((batch + r) * _state, h);
            for (var o = 0; o < _output; o++)
            {
                _outputs[r * _output + o] = TensorPrimitives.Dot<T>(state, readout.Slice(o * h, h)) + readoutBias[o];
            }
        }
    }

    /// <summary>
    /// Back-propagates through the last <see cref="Forward"/>. The drive buffers of the forward pass are reused for the
    /// drive gradients, so this may be called once per forward pass.
    /// </summary>
    /// <param name="parameters">The parameters of the forward pass.</param>
    /// <param name="inputs">The inputs of the forward pass, [time, batch, input].</param>
    /// <param name="outputGradient">dL/dy, [time, batch, output], or empty.</param>
    /// <param name="finalStateGradient">dL/dh(T), [batch, state], or empty.</param>
    /// <param name="parameterGradient">Receives dL/dθ in layout order (overwritten), or empty to skip.</param>
    /// <param name="initialStateGradient">Receives dL/dh(0), [batch, state], or empty.</param>
    /// <param name="inputGradient">Receives dL/dx, [time, batch, input], or empty.</param>
    public void Backward(
        NetworkParameters<T> parameters,
        ReadOnlySpan<T> inputs,
        ReadOnlySpan<T> outputGradient,
        ReadOnlySpan<T> finalStateGradient,
        Span<T> parameterGradient,
        Span<T> initialStateGradient,
        Span<T> inputGradient)
    {
        CheckParameters(parameters);
        if (_batch == 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first");
        }
        var batch = _batch;
        var h = _hidden;
        var rows = TimeSteps * batch;
        var stateBlock = batch * _state;
        var driveGradient = _drives;
        var recurrentGradient = _cell.SeparateRecurrentGradient ? _recurrentDriveGradient : _drives;
        var readout = parameters.Tensor(ParameterLayout.ReadoutWeightsName);
        var recurrentWeights = parameters.Tensor(ParameterLayout.RecurrentWeightsName);
        var stateGradient = _stateGradient.AsSpan(0, stateBlock);
        var nextGradient = _nextGradient.AsSpan(0, stateBlock);
        if (finalStateGradient.IsEmpty)
        {
            stateGradient.Clear();
        }
        else
        {
            finalStateGradient[..stateBlock].CopyTo(stateGradient);
        }
        for (var t = TimeSteps - 1; t >= 0; t--)
        {
            stateGradient.CopyTo(nextGradient);
            if (!outputGradient.IsEmpty)
            {
                for (var b = 0; b < batch; b++)
                {
                    var target = nextGradient.Slice(b * _state, h);
                    for (var o = 0; o < _output; o++)
                    {
                        TensorPrimitives.MultiplyAdd(readout.Slice(o * h, h), outputGradient[(t * batch + b) * _output + o], target, target);
                    }
                }
            }
            _cell.Backward(new CellBackward<T>
            {
                NextGradient = nextGradient,
                Previous = _states.AsSpan(t * stateBlock, stateBlock),
                Next = _states.AsSpan((t + 1) * stateBlock, stateBlock),
                Cache = _cache.AsSpan(t * batch * _cell.CacheWidth, batch * _cell.CacheWidth),
                InputDriveGradient = driveGradient.AsSpan(t * batch * h),
                InputGateStride = rows * h,
                RecurrentDriveGradient = _cell.SeparateRecurrentGradient ? recurrentGradient.AsSpan(t * batch * h) : default,
                RecurrentGateStride = rows * h,
                PreviousGradient = stateGradient,
                Rows = batch,
            });
            for (var g = 0; g < _gates; g++)
            {
                MatrixProduct.Multiply<T>(batch, h, h, recurrentGradient.AsSpan(g * rows * h + t * batch * h, batch * h), h, 1, recurrentWeights.Slice(g * h * h, h * h), h, stateGradient, _state, true);
            }
        }
        if (!initialStateGradient.IsEmpty)
        {
            stateGradient.CopyTo(initialStateGradient);
        }
        if (!inputGradient.IsEmpty)
        {
            var inputWeights = parameters.Tensor(ParameterLayout.InputWeightsName);
            for (var g = 0; g < _gates; g++)
            {
                MatrixProduct.Multiply<T>(rows, _input, h, driveGradient.AsSpan(g * rows * h, rows * h), h, 1, inputWeights.Slice(g * h * _input, h * _input), _input, inputGradient, _input, g > 0);
            }
        }
        if (!parameterGradient.IsEmpty)
        {
            ParameterGradient(parameters, inputs, outputGradient, parameterGradient, driveGradient, recurrentGradient);
        }
    }

    private void ParameterGradient(NetworkParameters<T> parameters, ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradient, Span<T> gradient, T[] driveGradient, T[] recurrentGradient)
    {
        var batch = _batch;
        var h = _hidden;
        var rows = TimeSteps * batch;
        var layout = parameters.Layout;
        var inputWeights = Of(gradient, layout, ParameterLayout.InputWeightsName);
        var recurrentWeights = Of(gradient, layout, ParameterLayout.RecurrentWeightsName);
        var inputBias = Of(gradient, layout, ParameterLayout.InputBiasName);
        var recurrentBias = Of(gradient, layout, ParameterLayout.RecurrentBiasName);
        var readout = Of(gradient, layout, ParameterLayout.ReadoutWeightsName);
        var readoutBias = Of(gradient, layout, ParameterLayout.ReadoutBiasName);
        for (var g = 0; g < _gates; g++)
        {
            var drive = driveGradient.AsSpan(g * rows * h, rows * h);
            var recurrent = recurrentGradient.AsSpan(g * rows * h, rows * h);
            MatrixProduct.Multiply<T>(_input, h, rows, inputs, 1, _input, drive, h, _inputWeightGradientT, h, false);
            MatrixProduct.Transpose<T>(_inputWeightGradientT, _input, h, inputWeights.Slice(g * h * _input, h * _input));
            MatrixProduct.Multiply<T>(h, h, rows, recurrent, 1, h, _states, _state, recurrentWeights.Slice(g * h * h, h * h), h, false);
            SumRows(drive, rows, inputBias.Slice(g * h, h));
            SumRows(recurrent, rows, recurrentBias.Slice(g * h, h));
        }
        if (outputGradient.IsEmpty)
        {
            readout.Clear();
            readoutBias.Clear();
            return;
        }
        MatrixProduct.Multiply<T>(_output, h, rows, outputGradient, 1, _output, _states.AsSpan(batch * _state), _state, readout, h, false);
        SumRows(outputGradient[..(rows * _output)], rows, readoutBias);
    }

    private static Span<T> Of(Span<T> flat, ParameterLayout layout, string name) =>
        flat.Slice(layout[name].Offset, layout[name].Length);

    private void TransposeWeights(NetworkParameters<T> parameters)
    {
        var h = _hidden;
        var inputWeights = parameters.Tensor(ParameterLayout.InputWeightsName);
        var recurrentWeights = parameters.Tensor(ParameterLayout.RecurrentWeightsName);
        for (var g = 0; g < _gates; g++)
        {
            MatrixProduct.Transpose<T>(inputWeights.Slice(g * h * _input, h * _input), h, _input, _inputWeightsT.AsSpan(g * _input * h, _input * h));
            MatrixProduct.Transpose<T>(recurrentWeights.Slice(g * h * h, h * h), h, h, _recurrentWeightsT.AsSpan(g * h * h, h * h));
        }
    }

    private void CheckParameters(NetworkParameters<T> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Shape != _shape)
        {
            throw new ArgumentException($"parameters are for {parameters.Shape}, this unroll is for {_shape}", nameof(parameters));
        }
    }

    private static void AddToRows(Span<T> matrix, int rows, ReadOnlySpan<T> row)
    {
        for (var r = 0; r < rows; r++)
        {
            var target = matrix.Slice(r * row.Length, row.Length);
            TensorPrimitives.Add(target, row, target);
        }
    }

    private static void SumRows(ReadOnlySpan<T> matrix, int rows, Span<T> sum)
    {
        sum.Clear();
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sum, matrix.Slice(r * sum.Length, sum.Length), sum);
        }
    }
}
