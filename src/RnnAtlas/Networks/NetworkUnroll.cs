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
/// outputs [time, batch, output]. Each step's drives are gate-major [gate, batch, H], so every gate's drive is one
/// [batch × H] matrix: the recurrent drive is one product per gate against a transposed copy of W_hh made once per pass.
/// The backward pass consumes each step's drive gradients while they are still in cache: it adds their products into
/// the previous state's gradient and accumulates the weight and bias gradients at once
/// (∂L/∂W_hh,g += dA_g(t)ᵀ h(t−1)), so no sequence-long gradient buffer exists.
/// </remarks>
public sealed class NetworkUnroll<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly NetworkShape _shape;
    private readonly Cell<T> _cell;
    private readonly int _gates, _hidden, _state, _input, _output;
    private readonly T[] _inputWeightsT, _recurrentWeightsT, _inputDrive, _recurrentDrive, _inputDriveGradient, _recurrentDriveGradient;
    private readonly T[] _states, _cache, _outputs, _stateGradient, _nextGradient, _inputWeightGradientT, _ones;
    private readonly NetworkParameters<T>? _constant;
    private int _batch;

    /// <summary>
    /// Allocates buffers for up to <paramref name="batchCapacity"/> sequences of <paramref name="timeSteps"/> steps of a
    /// network whose parameters do not change while this unroll runs it (analysis): their weights are transposed once,
    /// here, instead of at every pass, and every pass must be given the same <paramref name="constant"/> instance.
    /// </summary>
    public NetworkUnroll(NetworkParameters<T> constant, int batchCapacity, int timeSteps)
        : this((constant ?? throw new ArgumentNullException(nameof(constant))).Shape, batchCapacity, timeSteps)
    {
        TransposeWeights(constant);
        _constant = constant;
    }

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
        var gateBlock = _gates * batchCapacity * _hidden;
        _inputWeightsT = new T[_gates * _input * _hidden];
        _recurrentWeightsT = new T[_gates * _hidden * _hidden];
        _inputDrive = new T[gateBlock];
        _recurrentDrive = new T[gateBlock];
        _inputDriveGradient = new T[gateBlock];
        _recurrentDriveGradient = _cell.SeparateRecurrentGradient ? new T[gateBlock] : [];
        _states = new T[(timeSteps + 1) * batchCapacity * _state];
        _cache = new T[timeSteps * batchCapacity * _cell.CacheWidth];
        _outputs = new T[timeSteps * batchCapacity * _output];
        _stateGradient = new T[batchCapacity * _state];
        _nextGradient = new T[batchCapacity * _state];
        _inputWeightGradientT = new T[_gates * _input * _hidden];
        _ones = new T[batchCapacity];
        Array.Fill(_ones, T.One);
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
        if (_constant is null)
        {
            TransposeWeights(parameters);
        }
        var h = _hidden;
        var block = batch * h;
        var tensors = parameters.Tensors;
        var inputBias = tensors.InputBias;
        var recurrentBias = tensors.RecurrentBias;
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
            var input = inputs.Slice(t * batch * _input, batch * _input);
            var previous = _states.AsSpan(t * stateBlock, stateBlock);
            for (var g = 0; g < _gates; g++)
            {
                var inputDrive = _inputDrive.AsSpan(g * block, block);
                var recurrentDrive = _recurrentDrive.AsSpan(g * block, block);
                // Each drive starts as the bias broadcast over rows (a depth-1 product with a column of ones).
                SetRows(batch, inputBias.Slice(g * h, h), inputDrive);
                AddProduct(batch, h, _input, input, _input, _inputWeightsT.AsSpan(g * _input * h, _input * h), inputDrive, h);
                SetRows(batch, recurrentBias.Slice(g * h, h), recurrentDrive);
                AddProduct(batch, h, h, previous, _state, _recurrentWeightsT.AsSpan(g * h * h, h * h), recurrentDrive, h);
            }
            _cell.Forward(new CellForward<T>
            {
                InputDrive = _inputDrive,
                InputGateStride = block,
                RecurrentDrive = _recurrentDrive,
                RecurrentGateStride = block,
                Previous = previous,
                Next = _states.AsSpan((t + 1) * stateBlock, stateBlock),
                Cache = _cache.AsSpan(t * batch * _cell.CacheWidth, batch * _cell.CacheWidth),
                Rows = batch,
            });
        }
        Readout.Apply<T>(_states.AsSpan(stateBlock), _state, h, tensors.ReadoutWeights, tensors.ReadoutBias, _outputs, rows);
    }

    /// <summary>Back-propagates through the last <see cref="Forward"/>.</summary>
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
        var stateBlock = batch * _state;
        var layout = parameters.Layout;
        var tensors = parameters.Tensors;
        var gradients = !parameterGradient.IsEmpty;
        var gradient = gradients ? new ParameterTensors<T>(parameterGradient, layout) : default;
        var stateGradient = _stateGradient.AsSpan(0, stateBlock);
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
            BackwardStep(t, tensors, gradient, gradients, inputs, outputGradient, inputGradient);
        }
        if (!initialStateGradient.IsEmpty)
        {
            stateGradient.CopyTo(initialStateGradient);
        }
        if (gradients)
        {
            var inputWeightGradient = gradient.InputWeights;
            for (var g = 0; g < _gates; g++)
            {
                MatrixProduct.Transpose<T>(_inputWeightGradientT.AsSpan(g * _input * h, _input * h), _input, h, inputWeightGradient.Slice(g * h * _input, h * _input));
            }
            if (outputGradient.IsEmpty)
            {
                gradient.ReadoutWeights.Clear();
                gradient.ReadoutBias.Clear();
            }
        }
    }

    /// <summary>
    /// Back-propagates through step t: dL/dh(t+1) (the carried state gradient plus the readout's part) through the
    /// cell to the gate drives; from them dL/dh(t) (carried on), dL/dx(t) when asked, and the weight and bias gradients
    /// (overwritten at the last step, accumulated before it).
    /// </summary>
    private void BackwardStep(int t, ParameterTensors<T> tensors, ParameterTensors<T> gradient, bool gradients, ReadOnlySpan<T> inputs, ReadOnlySpan<T> outputGradient, Span<T> inputGradient)
    {
        var batch = _batch;
        var h = _hidden;
        var block = batch * h;
        var stateBlock = batch * _state;
        var accumulate = t < TimeSteps - 1;
        var stateGradient = _stateGradient.AsSpan(0, stateBlock);
        var nextGradient = _nextGradient.AsSpan(0, stateBlock);
        var recurrentDriveGradient = _cell.SeparateRecurrentGradient ? _recurrentDriveGradient : _inputDriveGradient;
        var previous = _states.AsSpan(t * stateBlock, stateBlock);
        var next = _states.AsSpan((t + 1) * stateBlock, stateBlock);
        var input = inputs.Slice(t * batch * _input, batch * _input);
        var dy = outputGradient.IsEmpty ? default : outputGradient.Slice(t * batch * _output, batch * _output);
        stateGradient.CopyTo(nextGradient);
        if (!dy.IsEmpty)
        {
            AddProduct(batch, h, _output, dy, _output, tensors.ReadoutWeights, nextGradient, _state);
        }
        _cell.Backward(new CellBackward<T>
        {
            NextGradient = nextGradient,
            Previous = previous,
            Next = next,
            Cache = _cache.AsSpan(t * batch * _cell.CacheWidth, batch * _cell.CacheWidth),
            InputDriveGradient = _inputDriveGradient,
            InputGateStride = block,
            RecurrentDriveGradient = _recurrentDriveGradient,
            RecurrentGateStride = block,
            PreviousGradient = stateGradient,
            Rows = batch,
        });
        for (var g = 0; g < _gates; g++)
        {
            var inputDrive = _inputDriveGradient.AsSpan(g * block, block);
            var recurrentDrive = recurrentDriveGradient.AsSpan(g * block, block);
            AddProduct(batch, h, h, recurrentDrive, h, tensors.RecurrentWeights.Slice(g * h * h, h * h), stateGradient, _state);
            if (!inputGradient.IsEmpty)
            {
                AddProduct(batch, _input, h, inputDrive, h, tensors.InputWeights.Slice(g * h * _input, h * _input), inputGradient.Slice(t * batch * _input, batch * _input), _input, g > 0);
            }
            if (gradients)
            {
                AddTransposedProduct(h, h, batch, recurrentDrive, h, previous, _state, gradient.RecurrentWeights.Slice(g * h * h, h * h), accumulate);
                AddTransposedProduct(_input, h, batch, input, _input, inputDrive, h, _inputWeightGradientT.AsSpan(g * _input * h, _input * h), accumulate);
                AddColumnSums(h, batch, inputDrive, h, gradient.InputBias.Slice(g * h, h), accumulate);
                AddColumnSums(h, batch, recurrentDrive, h, gradient.RecurrentBias.Slice(g * h, h), accumulate);
            }
        }
        if (gradients && !dy.IsEmpty)
        {
            AddTransposedProduct(_output, h, batch, dy, _output, next, _state, gradient.ReadoutWeights, accumulate);
            AddColumnSums(_output, batch, dy, _output, gradient.ReadoutBias, accumulate);
        }
    }

    /// <summary>c[rows, n] (+)= a[rows, k] · b[k, n]; a and c row-major with leading dimensions lda and ldc, b dense.</summary>
    private static void AddProduct(int rows, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, Span<T> c, int ldc, bool accumulate = true) =>
        MatrixProduct.Multiply(rows, n, k, a, lda, 1, b, n, c, ldc, accumulate);

    /// <summary>c[m, n] (+)= a[rows, m]ᵀ · b[rows, n], summed over the batch rows (a weight gradient); c dense.</summary>
    private static void AddTransposedProduct(int m, int n, int rows, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, bool accumulate) =>
        MatrixProduct.Multiply(m, n, rows, a, 1, lda, b, ldb, c, n, accumulate);

    /// <summary>c[n] (+)= Σ over the rows of b[rows, n] (a bias gradient): the product with a row of ones.</summary>
    private void AddColumnSums(int n, int rows, ReadOnlySpan<T> b, int ldb, Span<T> c, bool accumulate) =>
        MatrixProduct.Multiply(1, n, rows, _ones.AsSpan(0, rows), rows, 1, b, ldb, c, n, accumulate);

    /// <summary>Every row of c[rows, bias.Length] = bias: the depth-1 product of a column of ones with the bias.</summary>
    private void SetRows(int rows, ReadOnlySpan<T> bias, Span<T> c) =>
        MatrixProduct.Multiply(rows, bias.Length, 1, _ones.AsSpan(0, rows), 1, 1, bias, bias.Length, c, bias.Length, false);

    /// <summary>
    /// The one-step Jacobians at (<paramref name="state"/>, <paramref name="input"/>): ∂F/∂h into
    /// <paramref name="recurrent"/> ([state, state], row i = ∂F_i/∂h) and, when not empty, ∂F/∂x into
    /// <paramref name="inputJacobian"/> ([state, input]). Needs <see cref="TimeSteps"/> = 1 and a batch capacity of at
    /// least the state size.
    /// </summary>
    /// <remarks>
    /// Row i is the backward step seeded with the unit vector eᵢ: one forward row is copied to S rows and the cell's own
    /// backward runs on all of them. Every cell acts unit by unit, so seed eᵢ's drive gradients dA_g are zero except at
    /// unit u = i mod H, and the W_hh path of row i is Σ_g dA_g[i, u] · W_g[u, :] — G scaled rows of W instead of a
    /// dense [S × H]·[H × H] product per gate (O(G·S·H) instead of O(G·S·H²)); likewise for W_ih.
    /// </remarks>
    public void StepJacobians(NetworkParameters<T> parameters, ReadOnlySpan<T> state, ReadOnlySpan<T> input, Span<T> recurrent, Span<T> inputJacobian)
    {
        var s = _state;
        var h = _hidden;
        if (TimeSteps != 1 || BatchCapacity < s)
        {
            throw new InvalidOperationException($"Jacobians need one time step and room for {s} rows; this unroll has {TimeSteps} steps and {BatchCapacity} rows");
        }
        Forward(parameters, input[.._input], 1, state[..s]);
        // The one next state (row 1 of a batch of 1) is copied first: the previous-state rows overwrite where it was.
        for (var r = 0; r < s; r++)
        {
            _states.AsSpan(s, s).CopyTo(_states.AsSpan((s + r) * s, s));
        }
        for (var r = 1; r < s; r++)
        {
            _states.AsSpan(0, s).CopyTo(_states.AsSpan(r * s, s));
            _cache.AsSpan(0, _cell.CacheWidth).CopyTo(_cache.AsSpan(r * _cell.CacheWidth, _cell.CacheWidth));
        }
        _batch = s;
        var block = s * h;
        var seed = _nextGradient.AsSpan(0, s * s);
        seed.Clear();
        for (var r = 0; r < s; r++)
        {
            seed[r * s + r] = T.One;
        }
        _cell.Backward(new CellBackward<T>
        {
            NextGradient = seed,
            Previous = _states.AsSpan(0, s * s),
            Next = _states.AsSpan(s * s, s * s),
            Cache = _cache.AsSpan(0, s * _cell.CacheWidth),
            InputDriveGradient = _inputDriveGradient,
            InputGateStride = block,
            RecurrentDriveGradient = _recurrentDriveGradient,
            RecurrentGateStride = block,
            PreviousGradient = recurrent[..(s * s)],
            Rows = s,
        });
        var recurrentDriveGradient = _cell.SeparateRecurrentGradient ? _recurrentDriveGradient : _inputDriveGradient;
        var tensors = parameters.Tensors;
        var recurrentWeights = tensors.RecurrentWeights;
        var inputWeights = tensors.InputWeights;
        if (!inputJacobian.IsEmpty)
        {
            inputJacobian[..(s * _input)].Clear();
        }
        for (var g = 0; g < _gates; g++)
        {
            for (var r = 0; r < s; r++)
            {
                var u = r % h;
                var row = recurrent.Slice(r * s, h);
                TensorPrimitives.MultiplyAdd(recurrentWeights.Slice((g * h + u) * h, h), recurrentDriveGradient[g * block + r * h + u], row, row);
                if (!inputJacobian.IsEmpty)
                {
                    var inputRow = inputJacobian.Slice(r * _input, _input);
                    TensorPrimitives.MultiplyAdd(inputWeights.Slice((g * h + u) * _input, _input), _inputDriveGradient[g * block + r * h + u], inputRow, inputRow);
                }
            }
        }
    }

    private void TransposeWeights(NetworkParameters<T> parameters)
    {
        var h = _hidden;
        var tensors = parameters.Tensors;
        var inputWeights = tensors.InputWeights;
        var recurrentWeights = tensors.RecurrentWeights;
        for (var g = 0; g < _gates; g++)
        {
            MatrixProduct.Transpose<T>(inputWeights.Slice(g * h * _input, h * _input), h, _input, _inputWeightsT.AsSpan(g * _input * h, _input * h));
            MatrixProduct.Transpose<T>(recurrentWeights.Slice(g * h * h, h * h), h, h, _recurrentWeightsT.AsSpan(g * h * h, h * h));
        }
    }

    private void CheckParameters(NetworkParameters<T> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (_constant is not null && !ReferenceEquals(parameters, _constant))
        {
            throw new ArgumentException("this unroll was made for other (constant) parameters", nameof(parameters));
        }
        if (parameters.Shape != _shape)
        {
            throw new ArgumentException($"parameters are for {parameters.Shape}, this unroll is for {_shape}", nameof(parameters));
        }
    }
}
