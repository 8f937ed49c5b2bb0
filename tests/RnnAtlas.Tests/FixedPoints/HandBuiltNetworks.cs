using RnnAtlas.Cells;
using RnnAtlas.Networks;

namespace RnnAtlas.Tests.FixedPoints;

/// <summary>Small networks whose fixed points are known without running any search.</summary>
internal static class HandBuiltNetworks
{
    /// <summary>h' = φ(W h + U x + b) with the given weights (vanilla cell, readout = identity on the first unit).</summary>
    public static RecurrentNetwork<double> Vanilla(Activation activation, double[,] w, double[] b, double[,]? u = null)
    {
        var n = b.Length;
        var inputs = u?.GetLength(1) ?? 1;
        var shape = new NetworkShape(CellKind.Vanilla, activation, inputs, n, 1);
        var parameters = new NetworkParameters<double>(shape, new double[shape.Layout.Count]);
        var recurrent = parameters.Tensor(ParameterLayout.RecurrentWeightsName);
        var input = parameters.Tensor(ParameterLayout.InputWeightsName);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                recurrent[i * n + j] = w[i, j];
            }
            for (var k = 0; k < inputs && u is not null; k++)
            {
                input[i * inputs + k] = u[i, k];
            }
        }
        b.CopyTo(parameters.Tensor(ParameterLayout.InputBiasName));
        parameters.Tensor(ParameterLayout.ReadoutWeightsName)[0] = 1;
        return new RecurrentNetwork<double>(parameters);
    }

    /// <summary>The positive root of h = tanh(w h) for w &gt; 1 (Newton from 1).</summary>
    public static double TanhRoot(double w)
    {
        var h = 1.0;
        for (var i = 0; i < 100; i++)
        {
            var f = h - Math.Tanh(w * h);
            var df = 1 - w * (1 - Math.Tanh(w * h) * Math.Tanh(w * h));
            h -= f / df;
        }
        return h;
    }

    /// <summary>A grid of states over [−1, 1]^n standing in for trajectories.</summary>
    public static double[] Grid(int n, int perAxis)
    {
        var axis = Enumerable.Range(0, perAxis).Select(i => -1 + 2.0 * i / (perAxis - 1)).ToArray();
        IEnumerable<double[]> points = [[]];
        for (var d = 0; d < n; d++)
        {
            points = points.SelectMany(p => axis.Select(a => (double[])[.. p, a]));
        }
        return [.. points.SelectMany(p => p)];
    }
}
