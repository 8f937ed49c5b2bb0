using System.Diagnostics;
using System.Globalization;
using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;

namespace RnnAtlas.Benchmarks;

/// <summary>
/// <c>bench train-anatomy</c>: where one training iteration's time goes, row by row of the <c>train</c> grid, on one
/// thread (the other core idle). Times one network's forward + backward pass through <see cref="NetworkUnroll{T}"/>
/// (batch 64, every gradient), then its parts apart: the recurrent products alone (forward drive, backward state
/// gradient and weight gradient of every gate and step, in buffers of the same shapes, the states read in place), and
/// the cells alone, once in place (every step's states and cache slices, as in training) and once with one step's
/// slices reused (the cache hot), and the small products alone (biases, input products, their gradients, the
/// readout's backward). The rest is the iteration less all of these: the readout's forward, the copies of the state
/// gradient, and what the parts cost each other in the caches (negative where the parts alone reload what the
/// iteration finds in cache).
/// </summary>
/// <remarks>
/// The last column bounds what engine work outside the recurrent products can buy: the share of one core's peak an
/// iteration would reach if all its products ran at the rate of the recurrent products alone, the cells as fast as
/// with a hot cache, and nothing else cost anything. A row of the <c>train</c> grid whose 3× ratio needs a larger
/// share than this cannot reach 3× without faster recurrent products.
/// </remarks>
internal static class TrainAnatomy
{
    private const int Batch = 64;

    /// <summary>Matrix-product work per timed repeat (≈ 0.3 s of one core).</summary>
    private const double RepeatFlops = 30e9;

    public static int Run(string[] args)
    {
        var cells = TrainBenchmark.List(args, "--cells", "vanilla,ugrnn,gru,lstm").Select(c => Enum.Parse<CellKind>(c, ignoreCase: true)).ToArray();
        var hiddenSizes = TrainBenchmark.List(args, "--hidden", "64,128,256").Select(h => int.Parse(h, CultureInfo.InvariantCulture)).ToArray();
        var tasks = TrainBenchmark.List(args, "--tasks", "flipflop,sine").Select(TrainBenchmark.Task).ToArray();
        var repeats = PythonPeer.Option(args, "--repeats", 5);
        var peak = FmaPeak.GflopsPerSecond(1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"measured float32 FMA peak: {peak:0} GFLOP/s on 1 thread; one network, batch {Batch}, medians of {repeats}"));
        Console.WriteLine();
        Console.WriteLine($"{"cell",-8} {"H",4} {"T",4} {"iteration",10} {"% peak",7} {"products",9} {"% peak",7} {"cells",7} {"hot",7} {"small",7} {"rest",7} {"reachable",10}");
        foreach (var task in tasks)
        {
            foreach (var cell in cells)
            {
                foreach (var hidden in hiddenSizes)
                {
                    var shape = new NetworkShape(cell, Activation.Tanh, task.InputSize, hidden, task.OutputSize);
                    var row = new Row(shape, task.TimeSteps);
                    var flops = TrainBenchmark.MatrixProductFlops(shape, Batch, task.TimeSteps);
                    var recurrentFlops = 6.0 * task.TimeSteps * Batch * shape.GateCount * hidden * hidden;
                    var calls = Math.Max(3, (int)Math.Round(RepeatFlops / flops));
                    var iteration = Milliseconds(row.Iteration, calls, repeats);
                    var products = Milliseconds(row.RecurrentProducts, calls, repeats);
                    var inPlace = Milliseconds(row.CellsInPlace, calls, repeats);
                    var hot = Milliseconds(row.CellsHot, calls, repeats);
                    var small = Milliseconds(row.SmallProducts, calls, repeats);
                    var reachable = flops / (products * flops / recurrentFlops + hot) / 1e6 / peak;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{cell,-8} {hidden,4} {task.TimeSteps,4} {iteration,8:0.00}ms {100 * flops / iteration / 1e6 / peak,6:0.0}% {products,7:0.00}ms {100 * recurrentFlops / products / 1e6 / peak,6:0.0}% {inPlace,5:0.00}ms {hot,5:0.00}ms {small,5:0.00}ms {iteration - products - inPlace - small,5:0.00}ms {100 * reachable,9:0.0}%"));
                }
            }
        }
        Console.WriteLine();
        Console.WriteLine("iteration: one network's forward + backward pass (NetworkUnroll, every gradient), % peak of all its matrix products.");
        Console.WriteLine("products: the recurrent products alone (3 per gate and step); cells: the cells' forward and backward steps in place; hot: with one step's slices reused.");
        Console.WriteLine("small: the biases, input products and their gradients, the readout's backward products; rest: iteration − products − cells − small.");
        Console.WriteLine("reachable: the iteration's share of the peak with every product at the rate of the recurrent products alone, cells as hot, nothing else.");
        return 0;
    }

    /// <summary>Median over <paramref name="repeats"/> of the milliseconds per call, after one untimed repeat.</summary>
    private static double Milliseconds(Action action, int calls, int repeats)
    {
        var times = new double[repeats + 1];
        for (var r = 0; r <= repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < calls; i++)
            {
                action();
            }
            times[r] = clock.Elapsed.TotalMilliseconds / calls;
        }
        return Median.Of(times.Skip(1));
    }

    /// <summary>One row's network, its unroll, and buffers of the same shapes for the parts timed apart.</summary>
    private sealed class Row
    {
        private readonly NetworkParameters<float> _parameters;
        private readonly NetworkUnroll<float> _unroll;
        private readonly Cell<float> _cell;
        private readonly int _gates, _hidden, _state, _input, _output, _time;
        private readonly float[] _inputs, _outputGradient, _parameterGradient;
        private readonly float[] _states, _cache, _drives, _productDrives, _driveGradients, _weights, _weightGradient, _stateGradient, _productStateGradient;
        private readonly float[] _ones, _biases, _biasGradients, _inputWeights, _inputWeightGradient, _readout, _readoutGradient;

        public Row(NetworkShape shape, int time)
        {
            var random = new SeededRandom(1);
            _parameters = NetworkParameters<float>.Initialize(shape, 1);
            _unroll = new NetworkUnroll<float>(shape, Batch, time);
            _cell = Cell<float>.Create(shape.Cell, shape.Activation, shape.HiddenSize);
            (_gates, _hidden, _state, _input, _output, _time) = (shape.GateCount, shape.HiddenSize, shape.StateSize, shape.InputSize, shape.OutputSize, time);
            _inputs = Fill(random, time * Batch * shape.InputSize, 1f);
            _outputGradient = Fill(random, time * Batch * shape.OutputSize, 0.01f);
            _parameterGradient = new float[_parameters.Values.Length];
            var block = _gates * Batch * _hidden;
            _states = Fill(random, (time + 1) * Batch * _state, 1f);
            _cache = new float[time * Batch * _cell.CacheWidth];
            _drives = Fill(random, 2 * block, 1f);
            _productDrives = new float[block];
            _driveGradients = Fill(random, 2 * block, 0.01f);
            _weights = Fill(random, _gates * _hidden * _hidden, 0.1f);
            _weightGradient = new float[_weights.Length];
            _stateGradient = Fill(random, 2 * Batch * _state, 0.01f);
            _productStateGradient = new float[Batch * _state];
            _ones = [.. Enumerable.Repeat(1f, Batch)];
            _biases = Fill(random, 2 * _gates * _hidden, 0.1f);
            _biasGradients = new float[_biases.Length + _output];
            _inputWeights = Fill(random, _gates * _input * _hidden, 0.1f);
            _inputWeightGradient = new float[_inputWeights.Length];
            _readout = Fill(random, _output * _hidden, 0.1f);
            _readoutGradient = new float[_readout.Length];
        }

        public void Iteration()
        {
            _unroll.Forward(_parameters, _inputs, Batch, default);
            _unroll.Backward(_parameters, _inputs, _outputGradient, default, _parameterGradient, default, default);
        }

        /// <summary>
        /// The products accumulate into drives and state gradients of their own: repeated calls grow them without
        /// bound, and cells fed such values would saturate their gates into denormal numbers (measured: twice the
        /// cells' time), which no training iteration meets.
        /// </summary>
        public void RecurrentProducts()
        {
            var (h, s, block) = (_hidden, _state, Batch * _hidden);
            for (var t = 0; t < _time; t++)
            {
                for (var g = 0; g < _gates; g++)
                {
                    MatrixProduct.Multiply(Batch, h, h, _states.AsSpan(t * Batch * s), s, 1, _weights.AsSpan(g * h * h, h * h), h, _productDrives.AsSpan(g * block, block), h, true);
                }
            }
            for (var t = _time - 1; t >= 0; t--)
            {
                for (var g = 0; g < _gates; g++)
                {
                    var gradient = _driveGradients.AsSpan(g * block, block);
                    MatrixProduct.Multiply(Batch, h, h, gradient, h, 1, _weights.AsSpan(g * h * h, h * h), h, _productStateGradient, s, true);
                    MatrixProduct.Multiply(h, h, Batch, gradient, 1, h, _states.AsSpan(t * Batch * s), s, _weightGradient.AsSpan(g * h * h, h * h), h, true);
                }
            }
        }

        /// <summary>
        /// The small products <see cref="NetworkUnroll{T}"/> runs beside the recurrent ones, with its shapes: per step
        /// and gate, both biases set as depth-1 products and the input product (forward), the input-weight gradient and
        /// both bias gradients (backward); per step, the readout's state-gradient and weight-gradient products.
        /// </summary>
        public void SmallProducts()
        {
            var (h, s, block, gh) = (_hidden, _state, Batch * _hidden, _gates * _hidden);
            for (var t = 0; t < _time; t++)
            {
                var input = _inputs.AsSpan(t * Batch * _input, Batch * _input);
                for (var g = 0; g < _gates; g++)
                {
                    var drive = _productDrives.AsSpan(g * block, block);
                    MatrixProduct.Multiply(Batch, h, 1, _ones, 1, 1, _biases.AsSpan(gh + g * h, h), h, drive, h, false);
                    MatrixProduct.Multiply(Batch, h, 1, _ones, 1, 1, _biases.AsSpan(g * h, h), h, drive, h, false);
                    MatrixProduct.Multiply(Batch, h, _input, input, _input, 1, _inputWeights.AsSpan(g * _input * h, _input * h), h, drive, h, true);
                }
            }
            for (var t = _time - 1; t >= 0; t--)
            {
                var input = _inputs.AsSpan(t * Batch * _input, Batch * _input);
                var outputGradient = _outputGradient.AsSpan(t * Batch * _output, Batch * _output);
                MatrixProduct.Multiply(Batch, h, _output, outputGradient, _output, 1, _readout, h, _productStateGradient, s, true);
                MatrixProduct.Multiply(_output, h, Batch, outputGradient, 1, _output, _states.AsSpan((t + 1) * Batch * s), s, _readoutGradient, h, true);
                MatrixProduct.Multiply(1, _output, Batch, _ones, Batch, 1, outputGradient, _output, _biasGradients.AsSpan(2 * gh, _output), _output, true);
                for (var g = 0; g < _gates; g++)
                {
                    var gradient = _driveGradients.AsSpan(g * block, block);
                    MatrixProduct.Multiply(_input, h, Batch, input, 1, _input, gradient, h, _inputWeightGradient.AsSpan(g * _input * h, _input * h), h, true);
                    MatrixProduct.Multiply(1, h, Batch, _ones, Batch, 1, gradient, h, _biasGradients.AsSpan(g * h, h), h, true);
                    MatrixProduct.Multiply(1, h, Batch, _ones, Batch, 1, gradient, h, _biasGradients.AsSpan(gh + g * h, h), h, true);
                }
            }
        }

        public void CellsInPlace() => Cells(inPlace: true);

        public void CellsHot() => Cells(inPlace: false);

        /// <summary>The cells' forward steps over the sequence, then their backward steps in reverse.</summary>
        private void Cells(bool inPlace)
        {
            var block = _gates * Batch * _hidden;
            var stride = Batch * _hidden;
            var stateBlock = Batch * _state;
            var cacheBlock = Batch * _cell.CacheWidth;
            for (var t = 0; t < _time; t++)
            {
                var step = inPlace ? t : 0;
                _cell.Forward(new CellForward<float>
                {
                    InputDrive = _drives.AsSpan(0, block),
                    InputGateStride = stride,
                    RecurrentDrive = _drives.AsSpan(block, block),
                    RecurrentGateStride = stride,
                    Previous = _states.AsSpan(step * stateBlock, stateBlock),
                    Next = _states.AsSpan((step + 1) * stateBlock, stateBlock),
                    Cache = _cache.AsSpan(step * cacheBlock, cacheBlock),
                    Rows = Batch,
                });
            }
            for (var t = _time - 1; t >= 0; t--)
            {
                var step = inPlace ? t : 0;
                _cell.Backward(new CellBackward<float>
                {
                    NextGradient = _stateGradient.AsSpan(0, stateBlock),
                    Previous = _states.AsSpan(step * stateBlock, stateBlock),
                    Next = _states.AsSpan((step + 1) * stateBlock, stateBlock),
                    Cache = _cache.AsSpan(step * cacheBlock, cacheBlock),
                    InputDriveGradient = _driveGradients.AsSpan(0, block),
                    InputGateStride = stride,
                    RecurrentDriveGradient = _driveGradients.AsSpan(block, block),
                    RecurrentGateStride = stride,
                    PreviousGradient = _stateGradient.AsSpan(stateBlock, stateBlock),
                    Rows = Batch,
                });
            }
        }

        private static float[] Fill(SeededRandom random, int length, float scale)
        {
            var values = new float[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = scale * (float)(random.NextDouble() - 0.5);
            }
            return values;
        }
    }
}
