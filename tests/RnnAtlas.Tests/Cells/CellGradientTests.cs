using RnnAtlas.Cells;
using RnnAtlas.Networks;
using RnnAtlas.Numerics;
using RnnAtlas.Training;

namespace RnnAtlas.Tests.Cells;

/// <summary>
/// The analytic backward pass of every cell × activation against float64 central finite differences of the loss:
/// every parameter tensor and the initial state. Hidden size 19 runs both the 512-bit lanes (16 float32 / 8 float64)
/// and the scalar remainder of the fused element-wise kernels; 5 runs the scalar lanes alone.
/// </summary>
public sealed class CellGradientTests
{
    private const int Input = 3, Output = 2, Time = 6, Batch = 3;

    public static TheoryData<CellKind, Activation, int> AllCellsAndWidths()
    {
        var data = new TheoryData<CellKind, Activation, int>();
        foreach (var cell in Enum.GetValues<CellKind>())
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(cell, activation, 5);
                data.Add(cell, activation, 19);
            }
        }
        return data;
    }

    public static TheoryData<CellKind, Activation> AllCells()
    {
        var data = new TheoryData<CellKind, Activation>();
        foreach (var cell in Enum.GetValues<CellKind>())
        {
            foreach (var activation in Enum.GetValues<Activation>())
            {
                data.Add(cell, activation);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCellsAndWidths))]
    public void LossGradientMatchesCentralFiniteDifferences(CellKind cell, Activation activation, int hidden)
    {
        var problem = Problem.Create(cell, activation, hidden, seed: 11);
        var gradient = new double[problem.Parameters.Values.Length];
        var initialGradient = new double[Batch * problem.Shape.StateSize];
        problem.Loss(problem.Parameters, problem.InitialState, gradient, initialGradient);

        foreach (var tensor in problem.Parameters.Layout.Tensors)
        {
            var worst = 0.0;
            for (var i = tensor.Offset; i < tensor.Offset + tensor.Length; i++)
            {
                var numeric = CentralDifference(v => { var p = problem.Parameters.Clone(); p.Values[i] = v; return problem.Loss(p, problem.InitialState, default, default); }, problem.Parameters.Values[i]);
                worst = Math.Max(worst, RelativeError(gradient[i], numeric));
            }
            Assert.True(worst < 1e-7, $"{cell}/{activation} {tensor.Name}: worst relative error {worst:E2}");
        }

        var worstState = 0.0;
        for (var i = 0; i < problem.InitialState.Length; i++)
        {
            var numeric = CentralDifference(v => { var h0 = (double[])problem.InitialState.Clone(); h0[i] = v; return problem.Loss(problem.Parameters, h0, default, default); }, problem.InitialState[i]);
            worstState = Math.Max(worstState, RelativeError(initialGradient[i], numeric));
        }
        Assert.True(worstState < 1e-7, $"{cell}/{activation} initial state: worst relative error {worstState:E2}");
    }

    [Theory]
    [MemberData(nameof(AllCellsAndWidths))]
    public void FloatAndDoubleShareOneImplementation(CellKind cell, Activation activation, int hidden)
    {
        var problem = Problem.Create(cell, activation, hidden, seed: 5);
        var single = problem.Parameters.Convert<float>();
        var unroll64 = new NetworkUnroll<double>(problem.Shape, Batch, Time);
        var unroll32 = new NetworkUnroll<float>(problem.Shape, Batch, Time);
        unroll64.Forward(problem.Parameters, problem.Inputs, Batch, default);
        unroll32.Forward(single, [.. problem.Inputs.Select(v => (float)v)], Batch, default);
        for (var i = 0; i < unroll64.Outputs.Length; i++)
        {
            Assert.Equal(unroll64.Outputs[i], unroll32.Outputs[i], 1e-5);
        }
    }

    /// <summary>Five-point central difference: truncation error O(h⁴) ≈ 1e-16, rounding ≈ ε·|L|/h ≈ 1e-11.</summary>
    private static double CentralDifference(Func<double, double> loss, double at)
    {
        const double h = 1e-4;
        return (8 * (loss(at + h) - loss(at - h)) - (loss(at + 2 * h) - loss(at - 2 * h))) / (12 * h);
    }

    /// <summary>
    /// Error relative to the gradient's size, with a floor of 1e-3 in the denominator so that components below 1e-3 are
    /// compared with an absolute bound of 1e-10, above the difference quotient's own rounding. A wrong derivative errs
    /// by the size of the gradient itself.
    /// </summary>
    private static double RelativeError(double analytic, double numeric) =>
        Math.Abs(analytic - numeric) / Math.Max(1e-3, Math.Abs(analytic) + Math.Abs(numeric));

    /// <summary>A random network, batch and target, with the loss L = masked MSE + a term on the final state.</summary>
    private sealed class Problem
    {
        public required NetworkShape Shape { get; init; }
        public required NetworkParameters<double> Parameters { get; init; }
        public required double[] Inputs { get; init; }
        public required double[] Targets { get; init; }
        public required double[] Mask { get; init; }
        public required double[] InitialState { get; init; }
        public required double[] FinalStateWeights { get; init; }

        public static Problem Create(CellKind cell, Activation activation, int hidden, ulong seed)
        {
            var shape = new NetworkShape(cell, activation, Input, hidden, Output);
            var rng = new SeededRandom(seed);
            var parameters = NetworkParameters<double>.Initialize(shape, seed);
            for (var i = 0; i < parameters.Values.Length; i++)
            {
                parameters.Values[i] += 0.3 * rng.NextGaussian();
            }
            double[] Random(int n, double scale) => [.. Enumerable.Range(0, n).Select(_ => scale * rng.NextGaussian())];
            return new Problem
            {
                Shape = shape,
                Parameters = parameters,
                Inputs = Random(Time * Batch * Input, 1.0),
                Targets = Random(Time * Batch * Output, 1.0),
                Mask = [.. Enumerable.Range(0, Time * Batch * Output).Select(i => i % 5 == 0 ? 0.0 : 1.0)],
                InitialState = Random(Batch * shape.StateSize, 0.5),
                FinalStateWeights = Random(Batch * shape.StateSize, 1.0),
            };
        }

        /// <summary>L = masked MSE(y, y*) + Σ w ⊙ h(T); writes dL/dθ and dL/dh(0) when the spans are not empty.</summary>
        public double Loss(NetworkParameters<double> parameters, double[] initialState, Span<double> gradient, Span<double> initialGradient)
        {
            var unroll = new NetworkUnroll<double>(Shape, Batch, Time);
            unroll.Forward(parameters, Inputs, Batch, initialState);
            var outputGradient = new double[Targets.Length];
            var loss = MaskedMseLoss.Evaluate<double>(unroll.Outputs, Targets, Mask, outputGradient);
            var final = unroll.States[(Time * Batch * Shape.StateSize)..];
            for (var i = 0; i < final.Length; i++)
            {
                loss += FinalStateWeights[i] * final[i];
            }
            if (!gradient.IsEmpty)
            {
                unroll.Backward(parameters, Inputs, outputGradient, FinalStateWeights, gradient, initialGradient, default);
            }
            return loss;
        }
    }
}
